"""Customers copied from the legacy shop: silent, forward only, idempotent; legacy ids linked."""

from datetime import datetime

import pytest
from django.contrib.auth.hashers import check_password, make_password

from acl.ids import Kind, legacy_uuid
from acl.users import customer_from_legacy
from extracted_services.users.customers.models import Customer
from extracted_services.users.customers.services import CustomerConflict
from extracted_services.users.customers.sync import (
    CustomerIds,
    LegacyCopyInvalid,
    customer_apply_from_legacy,
    customer_link_legacy_id,
    customer_remove_from_legacy,
)
from extracted_services.users.tests.factories import CustomerFactory
from messaging.models import OutboxEvent

pytestmark = pytest.mark.django_db

LEGACY_HASH = make_password("kettle-on-please", hasher="md5")


def copy_customer(*, profile=..., **user_changes):
    user = {
        "id": 12,
        "username": "grace",
        "email": "grace@example.com",
        "first_name": "Grace",
        "last_name": "Hopper",
        "password": LEGACY_HASH,
        "is_active": True,
        "date_joined": datetime(2023, 2, 1, 10, 0),
        "last_login": None,
        **user_changes,
    }
    if profile is ...:
        profile = {
            "user_id": 12,
            "phone_no": "020 7946 0012",
            "addr": "1 Navy Way\nArlington\nSW1A 1AA",
            "newsletter_yn": "Y",
            "modified_dt": datetime(2024, 6, 1, 9, 30),
        }
    clean = customer_from_legacy(user=user, profile=profile, ids=CustomerIds())
    return customer_apply_from_legacy(customer=clean)


def test_a_legacy_customer_is_created_with_their_password_and_no_event():
    customer, created = copy_customer()

    assert created
    stored = Customer.objects.get(pk=legacy_uuid(Kind.CUSTOMER, 12))
    assert stored == customer and stored.legacy_id == 12
    assert (stored.username, stored.email, stored.phone) == (
        "grace",
        "grace@example.com",
        "020 7946 0012",
    )
    assert stored.address == {
        "lines": ["1 Navy Way"],
        "city": "Arlington",
        "postcode": "SW1A 1AA",
        "country": None,
    }
    assert stored.newsletter is True and stored.active is True
    assert check_password("kettle-on-please", stored.password_hash)
    assert stored.updated_at.isoformat() == "2024-06-01T08:30:00+00:00"
    assert not OutboxEvent.objects.exists()


def test_the_same_copy_twice_changes_nothing_the_second_time():
    copy_customer()

    _customer, changed = copy_customer()

    assert changed is False
    assert Customer.objects.count() == 1


def test_an_older_copy_is_skipped_and_a_user_only_edit_with_the_same_time_applies():
    copy_customer()
    newer_profile = {
        "user_id": 12,
        "phone_no": "07700 900012",
        "addr": "",
        "newsletter_yn": "N",
        "modified_dt": datetime(2024, 6, 2, 9, 30),
    }
    copy_customer(profile=newer_profile)

    _older, changed = copy_customer(email="old@example.com")
    assert changed is False
    # The admin changed only auth_user: the profile's modified_dt stays, the copy still applies.
    _same_time, changed = copy_customer(profile=newer_profile, email="new@example.com")
    assert changed is True

    stored = Customer.objects.get(legacy_id=12)
    assert (stored.phone, stored.address, stored.newsletter) == ("07700 900012", None, False)
    assert stored.email == "new@example.com"
    assert not OutboxEvent.objects.exists()


def test_a_user_without_profile_is_copied_with_an_empty_profile():
    customer, created = copy_customer(profile=None)

    assert created
    stored = Customer.objects.get(pk=customer.pk)
    assert (stored.phone, stored.address, stored.newsletter) == ("", None, False)
    assert stored.updated_at == stored.joined_at


def test_a_username_taken_by_another_customer_is_a_conflict_that_changes_nothing():
    CustomerFactory(username="grace", legacy_id=None)

    with pytest.raises(CustomerConflict) as caught:
        copy_customer()

    assert list(caught.value.errors) == ["username"]
    assert Customer.objects.count() == 1


def test_a_malformed_copy_names_the_field():
    clean = customer_from_legacy(
        user={
            "id": 3,
            "username": "x",
            "email": "",
            "first_name": "",
            "last_name": "",
            "password": "",
            "is_active": True,
            "date_joined": datetime(2024, 1, 1),
            "last_login": None,
        },
        profile=None,
    )

    with pytest.raises(LegacyCopyInvalid) as caught:
        customer_apply_from_legacy(customer={**clean, "updated_at": "2024-01-01 10:00"})

    assert list(caught.value.errors) == ["updated_at"]
    assert "has no timezone" in caught.value.errors["updated_at"][0]
    assert not Customer.objects.exists()


def test_a_customer_born_here_gets_their_legacy_id_once_and_then_follows_legacy_edits():
    born_here = CustomerFactory(legacy_id=None, username="grace")

    customer_link_legacy_id(customer_id=born_here.id, legacy_id=12)
    customer_link_legacy_id(customer_id=born_here.id, legacy_id=12)
    later = {"user_id": 12, "phone_no": "", "addr": "", "newsletter_yn": "N"}
    customer, _ = copy_customer(
        first_name="Amazing Grace", profile={**later, "modified_dt": datetime(2040, 1, 1)}
    )

    assert customer.pk == born_here.pk
    assert Customer.objects.get().first_name == "Amazing Grace"
    events = list(OutboxEvent.objects.values_list("type", "data"))
    assert [(t, d["changed"], d["legacy_id"]) for t, d in events] == [
        ("users.customer.updated.v1", ["legacy_id"], 12)
    ]


def test_linking_a_taken_legacy_id_or_a_second_one_is_refused():
    CustomerFactory(legacy_id=12)
    customer = CustomerFactory(legacy_id=None)

    with pytest.raises(CustomerConflict, match="already belongs to another customer"):
        customer_link_legacy_id(customer_id=customer.id, legacy_id=12)
    customer_link_legacy_id(customer_id=customer.id, legacy_id=13)
    with pytest.raises(CustomerConflict, match="already has legacy id 13"):
        customer_link_legacy_id(customer_id=customer.id, legacy_id=14)


def test_a_customer_deleted_in_the_legacy_shop_is_deleted_here():
    copy_customer()

    assert customer_remove_from_legacy(legacy_id=12) is True
    assert customer_remove_from_legacy(legacy_id=12) is False
    assert not Customer.objects.exists()
