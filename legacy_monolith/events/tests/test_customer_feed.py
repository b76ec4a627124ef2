"""Customers in the change feed: auth_user and profile writes, bulk and admin ones, staff left out."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from legacy_monolith.accounts.models import Profile
from legacy_monolith.accounts.services import customer_register, customer_update_profile
from legacy_monolith.events.schemas import CUSTOMER_CHANGED, CUSTOMER_DELETED
from legacy_monolith.factories import UserFactory

from .support import forget_recorded, recorded, translated, types_and_subjects

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

User = get_user_model()


def test_registering_records_the_user_then_the_customer_with_its_profile():
    user = customer_register(
        username="ada",
        email="ada@example.com",
        password="a-long-secret",
        first_name="Ada",
        addr="1 Mill Lane\nBath\nBA1 1AA",
        phone_no="01225 000000",
    )

    events = recorded()
    assert [(e.type, e.subject, e.sequence) for e in events] == [
        (CUSTOMER_CHANGED, str(user.pk), 1),
        (CUSTOMER_CHANGED, str(user.pk), 2),
    ]
    assert events[0].data["profile"] is None
    customer = translated(events[1])
    assert (customer["legacy_id"], customer["username"], customer["email"]) == (
        user.pk,
        "ada",
        "ada@example.com",
    )
    assert (customer["phone"], customer["address"]["postcode"]) == ("01225 000000", "BA1 1AA")
    assert customer["password_hash"] == User.objects.get(pk=user.pk).password


def test_the_payload_is_the_rows_as_stored_column_for_column():
    user = UserFactory(username="ada", profile__newsletter_yn="Y")
    stored_user = User.objects.get(pk=user.pk)
    profile = Profile.objects.get(user=user)

    assert recorded()[-1].data == {
        "user": {
            "id": user.pk,
            "username": "ada",
            "email": stored_user.email,
            "first_name": stored_user.first_name,
            "last_name": stored_user.last_name,
            "password": stored_user.password,
            "is_active": True,
            "date_joined": stored_user.date_joined.isoformat(),
            "last_login": None,
        },
        "profile": {
            "user_id": user.pk,
            "phone_no": profile.phone_no,
            "addr": profile.addr,
            "newsletter_yn": "Y",
            "modified_dt": profile.modified_dt.isoformat(),
        },
    }


def test_a_profile_edit_records_the_customer_as_it_ends_up():
    user = UserFactory(username="ada")
    forget_recorded()

    customer_update_profile(user=user, email="ada@new.example", addr="2 New Street\nYork\nYO1 7HH")

    events = recorded()
    assert {e.type for e in events} == {CUSTOMER_CHANGED}
    assert {e.subject for e in events} == {str(user.pk)}
    last = translated(events[-1])
    assert (last["email"], last["address"]["city"]) == ("ada@new.example", "York")


def test_queryset_update_of_users_records_each_customer_changed():
    ada, bob = UserFactory(username="ada"), UserFactory(username="bob")
    UserFactory(username="cy")
    forget_recorded()

    count = User.objects.filter(username__in=["ada", "bob"]).update(is_active=False)

    assert count == 2
    events = recorded()
    assert [(e.type, e.subject) for e in events] == [
        (CUSTOMER_CHANGED, str(ada.pk)),
        (CUSTOMER_CHANGED, str(bob.pk)),
    ]
    assert [translated(e)["active"] for e in events] == [False, False]


def test_bulk_created_users_and_profiles_record_a_customer_event_each():
    users = User.objects.bulk_create(
        [User(username="ada", email="ada@example.com"), User(username="bob")]
    )
    Profile.objects.bulk_create([Profile(user=user, addr="Somewhere\nBath") for user in users])

    events = recorded()
    ada, bob = (str(user.pk) for user in users)
    assert [(e.type, e.subject) for e in events] == [
        (CUSTOMER_CHANGED, ada),
        (CUSTOMER_CHANGED, bob),
        (CUSTOMER_CHANGED, ada),
        (CUSTOMER_CHANGED, bob),
    ]
    assert [e.data["profile"] is None for e in events] == [True, True, False, False]
    assert translated(events[2])["address"] == {"unparsed": "Somewhere\nBath"}


def test_bulk_update_of_profiles_records_the_customers():
    ada, bob = UserFactory(username="ada"), UserFactory(username="bob")
    profiles = list(Profile.objects.filter(user__in=[ada, bob]).order_by("user_id"))
    for profile in profiles:
        profile.newsletter_yn = "Y"
    forget_recorded()

    Profile.objects.bulk_update(profiles, ["newsletter_yn"])

    events = recorded()
    assert sorted(e.subject for e in events) == sorted([str(ada.pk), str(bob.pk)])
    assert [translated(e)["newsletter"] for e in events] == [True, True]


def test_deleting_a_customer_records_the_profile_gone_then_the_customer_deleted():
    user = UserFactory(username="leaving")
    user_id = user.pk
    forget_recorded()

    user.delete()

    events = recorded()
    assert [(e.type, e.subject) for e in events] == [
        (CUSTOMER_CHANGED, str(user_id)),
        (CUSTOMER_DELETED, str(user_id)),
    ]
    assert events[0].data["profile"] is None
    assert translated(events[1]) == user_id


def test_staff_without_a_profile_are_not_in_the_feed():
    staff = User.objects.create_superuser("boss", "boss@example.com", "a-long-secret")
    staff.first_name = "Boss"
    staff.save()
    User.objects.filter(pk=staff.pk).update(last_name="Person")
    staff.delete()

    assert recorded() == []


def test_staff_with_a_profile_are_customers_until_they_lose_it():
    staff = UserFactory(username="shopping-boss", is_staff=True)
    assert types_and_subjects()[-1] == (CUSTOMER_CHANGED, str(staff.pk))
    forget_recorded()

    Profile.objects.filter(user=staff).delete()
    staff.refresh_from_db()
    staff.save()

    assert types_and_subjects() == [(CUSTOMER_DELETED, str(staff.pk))]


def test_an_admin_change_form_edit_records_one_event_with_the_new_values(admin_client):
    user = UserFactory(username="ada", email="ada@old.example")
    url = reverse("admin:auth_user_change", args=[user.pk])
    form = admin_client.get(url).context["adminform"].form
    profile = user.profile
    data = {
        **{name: value for name, value in form.initial.items() if value is not None},
        "email": "ada@new.example",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "1",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "profile-0-id": str(profile.pk),
        "profile-0-user": str(user.pk),
        "profile-0-phone_no": profile.phone_no,
        "profile-0-addr": profile.addr,
        "profile-0-newsletter_yn": profile.newsletter_yn,
    }
    for unsent in ("last_login", "groups", "user_permissions"):
        data.pop(unsent, None)
    forget_recorded()

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    events = recorded()
    assert [(e.type, e.subject) for e in events] == [(CUSTOMER_CHANGED, str(user.pk))]
    assert translated(events[0])["email"] == "ada@new.example"
    assert User.objects.get(pk=user.pk).email == "ada@new.example"


def test_an_admin_bulk_delete_records_each_customer_deleted(admin_client):
    ada, bob = UserFactory(username="ada"), UserFactory(username="bob")
    forget_recorded()

    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [ada.pk, bob.pk], "post": "yes"},
    )

    assert response.status_code == 302
    deleted = [e.subject for e in recorded() if e.type == CUSTOMER_DELETED]
    assert sorted(deleted) == sorted([str(ada.pk), str(bob.pk)])
    assert not User.objects.filter(pk__in=[ada.pk, bob.pk]).exists()
