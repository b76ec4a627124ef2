"""Customers: an `auth_user` row and its `tbl_customer_profile` row as one clean customer, and back.

Only the columns a customer owns are translated. `is_staff` and `is_superuser` stay with the
monolith (staff log in to its admin, not to the services), so they are neither read nor written.
"""

from collections.abc import Mapping
from functools import partial
from typing import Any, TypedDict

from . import clock
from .address import CleanAddress, parse_blob, render_blob
from .errors import TranslationError, at
from .fields import (
    boolean,
    clean_id,
    converted,
    legacy_key,
    nullable,
    own_legacy_id,
    text,
)
from .flags import bool_to_yn, yn_to_bool
from .ids import IdMap, Kind


class Customer(TypedDict):
    id: str
    legacy_id: int | None
    username: str
    email: str
    first_name: str
    last_name: str
    phone: str
    address: CleanAddress | None
    newsletter: bool
    active: bool
    password_hash: str
    joined_at: str
    last_login_at: str | None
    updated_at: str


class LegacyUserRow(TypedDict, total=False):
    """The customer's columns of `auth_user`; `id` is absent for a customer new."""

    id: int
    username: str
    email: str
    first_name: str
    last_name: str
    password: str
    is_active: bool
    date_joined: Any
    last_login: Any


class LegacyProfileRow(TypedDict, total=False):
    """A `tbl_customer_profile` row; `user_id` is absent while the user has no id."""

    user_id: int
    phone_no: str
    addr: str
    newsletter_yn: str
    modified_dt: Any


class LegacyCustomer(TypedDict):
    user: LegacyUserRow
    profile: LegacyProfileRow


class _ProfileDetails(TypedDict):
    phone: str
    address: CleanAddress | None
    newsletter: bool
    updated_at: str


def customer_from_legacy(
    *,
    user: Mapping[str, Any],
    profile: Mapping[str, Any] | None,
    ids: IdMap | None = None,
    zone: clock.Zone = clock.LEGACY_ZONE,
) -> Customer:
    """The clean customer for an `auth_user` row and its profile row.

    A user without a profile row (possible for accounts made outside the shop's registration)
    reads as one with an empty profile last changed when the user joined.
    """
    to_clean = partial(clock.legacy_to_clean, zone=zone)
    with at("customer"):
        legacy_id = legacy_key(user)
        joined_at = converted(user, "date_joined", to_clean)
        with at("profile"):
            details: _ProfileDetails = (
                {"phone": "", "address": None, "newsletter": False, "updated_at": joined_at}
                if profile is None
                else _profile_from_legacy(profile, owner=legacy_id, zone=zone)
            )
        return {
            "id": clean_id(Kind.CUSTOMER, user, ids=ids),
            "legacy_id": legacy_id,
            "username": text(user, "username"),
            "email": text(user, "email"),
            "first_name": text(user, "first_name"),
            "last_name": text(user, "last_name"),
            "phone": details["phone"],
            "address": details["address"],
            "newsletter": details["newsletter"],
            "active": boolean(user, "is_active"),
            "password_hash": text(user, "password"),
            "joined_at": joined_at,
            "last_login_at": converted(user, "last_login", nullable(to_clean)),
            "updated_at": details["updated_at"],
        }


def _profile_from_legacy(
    profile: Mapping[str, Any], *, owner: int, zone: clock.Zone
) -> _ProfileDetails:
    if profile.get("user_id", owner) != owner:
        raise TranslationError(
            f"belongs to user {profile['user_id']!r}, not to user {owner}", field="user_id"
        )
    return {
        "phone": text(profile, "phone_no"),
        "address": converted(profile, "addr", parse_blob),
        "newsletter": converted(profile, "newsletter_yn", yn_to_bool),
        "updated_at": converted(profile, "modified_dt", partial(clock.legacy_to_clean, zone=zone)),
    }


def customer_to_legacy(
    *,
    customer: Mapping[str, Any],
    ids: IdMap | None = None,
    zone: clock.Zone = clock.LEGACY_ZONE,
) -> LegacyCustomer:
    """The `auth_user` and `tbl_customer_profile` rows for a clean customer.

    A customer new to the legacy shop has no `id` / `user_id`: insert the user, then the profile
    with the new id, then record the pair in the `IdMap`.
    """
    to_legacy = partial(clock.clean_to_legacy, zone=zone)
    with at("customer"):
        legacy_id = own_legacy_id(Kind.CUSTOMER, customer, ids=ids)
        user: LegacyUserRow = {
            "username": text(customer, "username", max_length=150, allow_empty=False),
            "email": text(customer, "email", max_length=254),
            "first_name": text(customer, "first_name", max_length=150),
            "last_name": text(customer, "last_name", max_length=150),
            "password": text(customer, "password_hash", max_length=128),
            "is_active": boolean(customer, "active"),
            "date_joined": converted(customer, "joined_at", to_legacy),
            "last_login": converted(customer, "last_login_at", nullable(to_legacy)),
        }
        profile: LegacyProfileRow = {
            "phone_no": text(customer, "phone", max_length=32),
            "addr": converted(customer, "address", render_blob),
            "newsletter_yn": converted(customer, "newsletter", bool_to_yn),
            "modified_dt": converted(customer, "updated_at", to_legacy),
        }
    if legacy_id is None:
        return {"user": user, "profile": profile}
    return {"user": {"id": legacy_id, **user}, "profile": {"user_id": legacy_id, **profile}}
