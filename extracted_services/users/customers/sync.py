"""Customers copied from the legacy shop (backfill and forward sync), and legacy ids given to
customers born here (reverse sync), in the clean vocabulary of `acl.users`.

Applying a legacy copy records no event: a change that came from the legacy shop must not echo
back to it. A copy older than the customer here (by `updated_at`, the profile's `modified_dt`)
is skipped, so a backfill batch read before a sync update cannot undo it. An edit of the
`auth_user` row alone leaves `modified_dt` as it was, so a copy as old as the customer here is
applied: it may carry such an edit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from acl.address import validate_address
from acl.clock import parse_utc
from acl.errors import TranslationError
from acl.fields import boolean, converted, legacy_key, nullable, text
from acl.ids import Kind, parse_uuid
from extracted_services.users.customers import events
from extracted_services.users.customers.models import Customer
from extracted_services.users.customers.services import CustomerConflict


class LegacyCopyInvalid(ValueError):
    """A legacy copy lacks a field or has one of the wrong kind; `errors` names it."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


class CustomerIds:
    """The customers table as an `acl.ids.IdMap`: which UUID holds which legacy id here.

    Customers born here get their legacy id from reverse sync (`record`); forward sync
    translates legacy rows with this map so that such a customer's legacy events land on them.
    """

    def _check(self, kind: Kind) -> None:
        if Kind(kind) != Kind.CUSTOMER:
            raise ValueError(f"the users service keeps no {kind} ids")

    def find_uuid(self, kind: Kind, legacy_id: int) -> uuid.UUID | None:
        self._check(kind)
        found = Customer.objects.filter(legacy_id=legacy_id).values_list("id", flat=True)
        return next(iter(found), None)

    def find_legacy_id(self, kind: Kind, id: uuid.UUID) -> int | None:
        self._check(kind)
        found = Customer.objects.filter(id=id).values_list("legacy_id", flat=True)
        return next(iter(found), None)

    def record(self, kind: Kind, *, id: uuid.UUID, legacy_id: int) -> None:
        self._check(kind)
        customer_link_legacy_id(customer_id=id, legacy_id=legacy_id)


def customer_apply_from_legacy(*, customer: Mapping[str, Any]) -> tuple[Customer, bool]:
    """Create or update the customer from a clean legacy copy; returns it and whether it changed.

    The password hash is stored as it is. Raises LegacyCopyInvalid naming the bad field, and
    CustomerConflict when its legacy id or username belongs to another customer here.
    """
    with _reading(customer):
        fields: dict[str, Any] = {
            "id": converted(customer, "id", parse_uuid),
            "legacy_id": legacy_key(customer, "legacy_id"),
            "username": text(customer, "username", max_length=150, allow_empty=False),
            "email": text(customer, "email", max_length=254),
            "first_name": text(customer, "first_name", max_length=150),
            "last_name": text(customer, "last_name", max_length=150),
            "phone": text(customer, "phone", max_length=32),
            "address": converted(customer, "address", _address),
            "newsletter": boolean(customer, "newsletter"),
            "active": boolean(customer, "active"),
            "password_hash": text(customer, "password_hash", max_length=128),
            "joined_at": converted(customer, "joined_at", parse_utc),
            "last_login_at": converted(customer, "last_login_at", nullable(parse_utc)),
            "updated_at": converted(customer, "updated_at", parse_utc),
        }
    with transaction.atomic():
        current = Customer.objects.select_for_update().filter(pk=fields["id"]).first()
        if current is not None and fields["updated_at"] < current.updated_at:
            return current, False
        others = Customer.objects.exclude(pk=fields["id"])
        errors = {
            name: [
                f"legacy customer {fields['legacy_id']} has {name} {fields[name]!r}, "
                "which another customer here has"
            ]
            for name in ("legacy_id", "username")
            if others.filter(**{name: fields[name]}).exists()
        }
        if errors:
            raise CustomerConflict(errors)
        if current is None:
            return Customer.objects.create(**fields), True
        changed = [name for name, value in fields.items() if getattr(current, name) != value]
        if not changed:
            return current, False
        for name in changed:
            setattr(current, name, fields[name])
        current.save(update_fields=changed)
    return current, True


def customer_remove_from_legacy(*, legacy_id: int) -> bool:
    """Follow a customer deleted in the legacy shop; True if one was deleted here."""
    deleted, _ = Customer.objects.filter(legacy_id=legacy_id).delete()
    return deleted > 0


def customer_link_legacy_id(*, customer_id: uuid.UUID, legacy_id: int) -> Customer:
    """Record the legacy id reverse sync gave a customer registered here; repeating is a no-op.

    Raises Customer.DoesNotExist, and CustomerConflict when the customer already has another
    legacy id or the legacy id is another customer's. Records `users.customer.updated.v1`
    (`changed: ["legacy_id"]`), so that consumers keeping copies learn the legacy id.
    """
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer_id)
        if customer.legacy_id == legacy_id:
            return customer
        if customer.legacy_id is not None:
            raise CustomerConflict(
                {
                    "legacy_id": [
                        f"customer {customer.id} already has legacy id {customer.legacy_id}"
                    ]
                }
            )
        if Customer.objects.filter(legacy_id=legacy_id).exists():
            raise CustomerConflict(
                {"legacy_id": [f"legacy id {legacy_id} already belongs to another customer"]}
            )
        Customer.objects.filter(pk=customer.pk).update(legacy_id=legacy_id)
        customer.legacy_id = legacy_id
        events.customer_updated(customer=customer, changed=["legacy_id"])
    return customer


@contextmanager
def _reading(copy: Any) -> Iterator[None]:
    """Turn the ACL's field errors into LegacyCopyInvalid naming the field."""
    if not isinstance(copy, Mapping):
        raise LegacyCopyInvalid({"non_field_errors": [f"expected an object, got {copy!r}"]})
    try:
        yield
    except TranslationError as error:
        raise LegacyCopyInvalid({error.field or "non_field_errors": [error.reason]}) from error


def _address(value: Any) -> Mapping[str, Any] | None:
    """A structured address, `{"unparsed": "<text>"}` kept as migrated, or None."""
    if value is None or (isinstance(value, Mapping) and set(value) == {"unparsed"}):
        return value
    if not isinstance(value, Mapping):
        raise TranslationError('must be an address object, {"unparsed": "<text>"} or null')
    validate_address(value)
    return dict(value)
