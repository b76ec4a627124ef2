"""The customer admin: users with their profile inline, profiles on their own, search and filters."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from legacy_monolith.accounts.models import Profile
from legacy_monolith.factories import OrderFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

USERS = reverse("admin:auth_user_changelist")
PROFILES = reverse("admin:accounts_profile_changelist")


def _listed_users(response) -> list[str]:
    return [user.username for user in response.context["cl"].result_list]


def test_user_list_shows_phone_from_the_profile(admin_client):
    UserFactory(username="ada", profile__phone_no="0113 496 0000")

    page = admin_client.get(USERS).content.decode()

    assert "ada" in page
    assert "0113 496 0000" in page


def test_user_search_finds_customers_by_email_and_phone(admin_client):
    UserFactory(username="ada", email="ada@lovelace.example", profile__phone_no="0113 496 1111")
    UserFactory(username="charles", email="charles@babbage.example")

    assert _listed_users(admin_client.get(USERS, {"q": "lovelace"})) == ["ada"]
    assert _listed_users(admin_client.get(USERS, {"q": "496 1111"})) == ["ada"]


def test_user_list_filters_by_newsletter_flag(admin_client):
    UserFactory(username="subscriber", profile__newsletter_yn="Y")
    UserFactory(username="quiet", profile__newsletter_yn="N")

    response = admin_client.get(USERS, {"profile__newsletter_yn__exact": "Y"})

    assert _listed_users(response) == ["subscriber"]


def test_user_change_page_edits_the_profile_inline(admin_client):
    user = UserFactory(username="ada", profile__addr="1 Old Road\nLeeds\nLS1 1AA")
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = admin_client.get(url)
    assert "1 Old Road" in page.content.decode()
    form = page.context["adminform"].form
    data = {
        **{name: value for name, value in form.initial.items() if value is not None},
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "1",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "profile-0-id": str(user.profile.pk),
        "profile-0-user": str(user.pk),
        "profile-0-phone_no": "07700 900123",
        "profile-0-addr": "2 New Street\nYork\nYO1 7HH",
        "profile-0-newsletter_yn": "Y",
    }
    data.pop("last_login", None)
    data.pop("groups")
    data.pop("user_permissions")

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    profile = Profile.objects.get(user=user)
    assert (profile.phone_no, profile.addr, profile.newsletter_yn) == (
        "07700 900123",
        "2 New Street\nYork\nYO1 7HH",
        "Y",
    )


def test_profile_list_shows_the_address_on_one_line(admin_client):
    ProfileFactory(user__username="ada", addr="Flat 2\n10 Mill Lane\nBath\nBA1 1AA")

    page = admin_client.get(PROFILES).content.decode()

    assert "Flat 2, 10 Mill Lane, Bath, BA1 1AA" in page


def test_profile_search_finds_a_postcode_inside_the_address_blob(admin_client):
    ProfileFactory(user__username="ada", addr="10 Mill Lane\nBath\nBA1 1AA")
    ProfileFactory(user__username="charles", addr="1 High Street\nYork\nYO1 7HH")

    response = admin_client.get(PROFILES, {"q": "BA1 1AA"})

    assert [p.user.username for p in response.context["cl"].result_list] == ["ada"]


def test_profile_list_filters_by_newsletter_flag(admin_client):
    ProfileFactory(user__username="subscriber", newsletter_yn="Y")
    ProfileFactory(user__username="quiet", newsletter_yn="N")

    response = admin_client.get(PROFILES, {"newsletter_yn__exact": "N"})

    assert [p.user.username for p in response.context["cl"].result_list] == ["quiet"]


def test_adding_a_user_in_the_admin_creates_the_login(admin_client):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newstaff",
            "password1": "a-long-enough-password-1",
            "password2": "a-long-enough-password-1",
            "usable_password": "true",
            "profile-TOTAL_FORMS": "1",
            "profile-INITIAL_FORMS": "0",
            "profile-MIN_NUM_FORMS": "0",
            "profile-MAX_NUM_FORMS": "1",
            "profile-0-phone_no": "",
            "profile-0-addr": "",
            "profile-0-newsletter_yn": "N",
        },
    )

    assert response.status_code == 302
    assert (
        get_user_model().objects.get(username="newstaff").check_password("a-long-enough-password-1")
    )


def test_user_list_links_to_the_customers_orders(admin_client):
    ada = UserFactory(username="ada")
    theirs = OrderFactory(cust=ada)
    OrderFactory()

    page = admin_client.get(USERS).content.decode()
    link = f"{reverse('admin:orders_order_changelist')}?cust__id__exact={ada.pk}"
    assert link in page.replace("&amp;", "&")

    orders = admin_client.get(link).context["cl"].result_list
    assert [order.pk for order in orders] == [theirs.pk]


def test_token_page_picks_the_user_by_search_not_from_a_list_of_everyone(admin_client):
    UserFactory.create_batch(3)

    page = admin_client.get(reverse("admin:authtoken_tokenproxy_add")).content.decode()

    assert "admin-autocomplete" in page
    assert "customer" not in page.split('name="user"', 1)[1].split("</select>", 1)[0]
