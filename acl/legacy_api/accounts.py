"""The legacy API account (the customer's own profile) as clean customer fields, and back."""

from collections.abc import Mapping
from functools import partial
from typing import Any

from acl import clock
from acl.address import parse_blob, render_blob
from acl.errors import TranslationError, at
from acl.fields import clean_id, converted, legacy_key, own_legacy_id, text
from acl.flags import bool_to_yn, yn_to_bool
from acl.ids import IdMap, Kind

from .catalogue import shown_legacy_id
from .formats import api_time_to_clean, clean_to_api_time

# The customer fields the account shows: a subset of the clean customer.
ACCOUNT_FIELDS = (
    "id",
    "legacy_id",
    "username",
    "first_name",
    "last_name",
    "email",
    "phone",
    "address",
    "newsletter",
    "updated_at",
)

# PATCH /api/account/: the editable API keys, their clean names and column limits (API.md).
_EDITABLE = {
    "first_name": ("first_name", 150),
    "last_name": ("last_name", 150),
    "email": ("email", 254),
    "phone_no": ("phone", 32),
    "addr": ("address", 1000),
    "newsletter": ("newsletter", None),
}
_NOT_EDITABLE = frozenset({"cust_id", "username", "modified_dt"})


def account_from_api(
    body: Mapping[str, Any], *, ids: IdMap | None = None, zone: clock.Zone = clock.LEGACY_ZONE
) -> dict[str, Any]:
    """The clean customer fields (ACCOUNT_FIELDS) of an API account."""
    with at("account"):
        return {
            "id": clean_id(Kind.CUSTOMER, body, "cust_id", ids=ids),
            "legacy_id": legacy_key(body, "cust_id"),
            "username": text(body, "username"),
            "first_name": text(body, "first_name"),
            "last_name": text(body, "last_name"),
            "email": text(body, "email"),
            "phone": text(body, "phone_no"),
            "address": converted(body, "addr", parse_blob),
            "newsletter": converted(body, "newsletter", yn_to_bool),
            "updated_at": converted(body, "modified_dt", partial(api_time_to_clean, zone=zone)),
        }


def account_to_api(
    *, customer: Mapping[str, Any], ids: IdMap | None = None, zone: clock.Zone = clock.LEGACY_ZONE
) -> dict[str, Any]:
    """The API account for a clean customer (only ACCOUNT_FIELDS are read)."""
    with at("customer"):
        legacy_id = own_legacy_id(Kind.CUSTOMER, customer, ids=ids)
        cust_id = shown_legacy_id(
            Kind.CUSTOMER, customer, {"id": legacy_id} if legacy_id is not None else {}
        )
        return {
            "cust_id": cust_id,
            "username": text(customer, "username"),
            "first_name": text(customer, "first_name"),
            "last_name": text(customer, "last_name"),
            "email": text(customer, "email"),
            "phone_no": text(customer, "phone"),
            "addr": converted(customer, "address", render_blob),
            "newsletter": converted(customer, "newsletter", bool_to_yn),
            "modified_dt": converted(customer, "updated_at", partial(clean_to_api_time, zone=zone)),
        }


def account_changes_from_api(body: Any) -> dict[str, Any]:
    """The clean customer changes in a `PATCH /api/account/` body.

    Refused as the monolith refuses them: a key that is not editable or not known, a value of
    the wrong type or too long. Errors name the body's own key, so `validation_error_body`
    gives legacy clients the answer they know.
    """
    if not isinstance(body, Mapping):
        raise TranslationError("the body must be a JSON object")
    changes: dict[str, Any] = {}
    for key, value in body.items():
        if key in _NOT_EDITABLE:
            raise TranslationError("not editable", field=key)
        if key not in _EDITABLE:
            raise TranslationError("unknown field", field=key)
        name, max_length = _EDITABLE[key]
        if key == "newsletter":
            changes[name] = converted(body, key, yn_to_bool)
            continue
        value = text(body, key, max_length=max_length)
        changes[name] = parse_blob(value) if key == "addr" else value
    return changes


def account_changes_to_api(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The `PATCH /api/account/` body for clean customer changes (the reverse of the above)."""
    clean_to_key = {name: key for key, (name, _) in _EDITABLE.items()}
    body: dict[str, Any] = {}
    for name in changes:
        if name not in clean_to_key:
            raise TranslationError(
                f"not editable through the legacy account; editable: {', '.join(clean_to_key)}",
                field=name,
            )
        key = clean_to_key[name]
        if name == "newsletter":
            body[key] = converted(changes, name, bool_to_yn)
        elif name == "address":
            body[key] = converted(changes, name, render_blob)
        else:
            body[key] = text(changes, name, max_length=_EDITABLE[key][1])
    return body
