"""Customers: an auth user plus its profile row and one clean customer, both ways."""

import re
import uuid
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acl.errors import AddressError, IdError, TranslationError
from acl.ids import InMemoryIdMap, Kind, legacy_uuid
from acl.users import customer_from_legacy, customer_to_legacy

from .strategies import clean_customers, customer_rows, relaxed

USER = {
    "id": 3,
    "username": "alice",
    "email": "alice@example.com",
    "first_name": "Alice",
    "last_name": "Liddell",
    "password": "pbkdf2_sha256$870000$salt$hash=",
    "is_active": True,
    "date_joined": datetime(2023, 12, 1, 10, 0),
    "last_login": datetime(2024, 10, 27, 1, 15),
}
PROFILE = {
    "user_id": 3,
    "phone_no": "020 7946 0000",
    "addr": "12 Acacia Avenue\nLondon\nSW1A 1AA\nUnited Kingdom",
    "newsletter_yn": "Y",
    "modified_dt": datetime(2024, 3, 31, 3, 0),
}


@relaxed
@given(customer_rows())
def test_legacy_to_clean_to_legacy_is_identity(rows: dict[str, Any]) -> None:
    assert customer_to_legacy(customer=customer_from_legacy(**rows)) == rows


@relaxed
@given(st.data())
def test_clean_to_legacy_to_clean_is_identity(data: st.DataObject) -> None:
    ids = InMemoryIdMap()
    customer = data.draw(clean_customers(ids))
    rows = customer_to_legacy(customer=customer, ids=ids)
    assert customer_from_legacy(**rows, ids=ids) == customer


def test_a_customer_in_the_clean_vocabulary() -> None:
    # Columns the customer does not own (staff flags, the profile's own id) are not read.
    user = {**USER, "is_staff": False, "is_superuser": False}
    profile = {**PROFILE, "id": 99}
    assert customer_from_legacy(user=user, profile=profile) == {
        "id": str(legacy_uuid(Kind.CUSTOMER, 3)),
        "legacy_id": 3,
        "username": "alice",
        "email": "alice@example.com",
        "first_name": "Alice",
        "last_name": "Liddell",
        "phone": "020 7946 0000",
        "address": {
            "lines": ["12 Acacia Avenue"],
            "city": "London",
            "postcode": "SW1A 1AA",
            "country": "GB",
        },
        "newsletter": True,
        "active": True,
        "password_hash": "pbkdf2_sha256$870000$salt$hash=",
        "joined_at": "2023-12-01T10:00:00Z",
        "last_login_at": "2024-10-27T00:15:00Z",
        "updated_at": "2024-03-31T02:00:00Z",
    }
    rows = customer_to_legacy(customer=customer_from_legacy(user=user, profile=profile))
    assert "is_staff" not in rows["user"]  # never written: staff stay the monolith's business


def test_an_address_the_parser_cannot_read_is_kept_verbatim() -> None:
    blob = "c/o Mrs Smith,\n  The Old Rectory\nnear Ambridge"
    customer = customer_from_legacy(user=USER, profile={**PROFILE, "addr": blob})
    assert customer["address"] == {"unparsed": blob}
    assert customer_to_legacy(customer=customer)["profile"]["addr"] == blob


def test_a_user_without_a_profile_reads_as_an_empty_profile() -> None:
    customer = customer_from_legacy(user=USER, profile=None)
    assert customer["phone"] == ""
    assert customer["address"] is None
    assert customer["newsletter"] is False
    assert customer["updated_at"] == customer["joined_at"] == "2023-12-01T10:00:00Z"
    assert customer_to_legacy(customer=customer)["profile"] == {
        "user_id": 3,
        "phone_no": "",
        "addr": "",
        "newsletter_yn": "N",
        "modified_dt": datetime(2023, 12, 1, 10, 0),
    }


def test_a_customer_registered_on_the_new_side_has_no_legacy_id_until_inserted() -> None:
    ids = InMemoryIdMap()
    minted = uuid.uuid4()
    customer = {**customer_from_legacy(user=USER, profile=PROFILE), "id": str(minted)}
    customer["legacy_id"] = None
    rows = customer_to_legacy(customer=customer, ids=ids)
    assert "id" not in rows["user"]
    assert "user_id" not in rows["profile"]

    ids.record(Kind.CUSTOMER, id=minted, legacy_id=41)
    rows = {"user": {**rows["user"], "id": 41}, "profile": {**rows["profile"], "user_id": 41}}
    assert customer_from_legacy(**rows, ids=ids) == {**customer, "legacy_id": 41}


def test_a_profile_of_another_user_is_refused() -> None:
    with pytest.raises(TranslationError) as error:
        customer_from_legacy(user=USER, profile={**PROFILE, "user_id": 4})
    assert str(error.value) == "customer.profile.user_id: belongs to user 4, not to user 3"


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"username": ""}, TranslationError, "customer.username: must not be empty"),
        ({"phone": "0" * 33}, TranslationError, "customer.phone: is 33 characters long"),
        ({"newsletter": "Y"}, TranslationError, "customer.newsletter: expected true or false"),
        ({"active": 1}, TranslationError, "customer.active: expected true or false, got 1 (int)"),
        ({"joined_at": None}, TranslationError, "customer.joined_at: expected an ISO-8601 time"),
        (
            {
                "address": {
                    "lines": ["1 High St"],
                    "city": "Leeds",
                    "postcode": "LS1",
                    "country": "GB",
                }
            },
            AddressError,
            "customer.address.postcode: 'LS1' is not a UK postcode",
        ),
        (
            {"legacy_id": 4},
            IdError,
            f"customer.legacy_id: customer {legacy_uuid(Kind.CUSTOMER, 3)} claims legacy id 4",
        ),
    ],
)
def test_clean_customers_the_legacy_tables_cannot_hold_are_refused(
    change: dict[str, Any], error: type[Exception], message: str
) -> None:
    customer = {**customer_from_legacy(user=USER, profile=PROFILE), **change}
    with pytest.raises(error, match=re.escape(message)):
        customer_to_legacy(customer=customer, ids=InMemoryIdMap())


def test_bad_legacy_columns_are_named() -> None:
    with pytest.raises(TranslationError, match=re.escape("customer.profile.newsletter_yn")):
        customer_from_legacy(user=USER, profile={**PROFILE, "newsletter_yn": "yes"})
    with pytest.raises(TranslationError, match=re.escape("customer.is_active: expected true")):
        customer_from_legacy(user={**USER, "is_active": "Y"}, profile=PROFILE)
    with pytest.raises(TranslationError, match=re.escape("customer.date_joined: legacy times")):
        aware = datetime.fromisoformat("2023-12-01T10:00:00+00:00")
        customer_from_legacy(user={**USER, "date_joined": aware}, profile=PROFILE)
