"""Writes of customers: create and update, each with its event in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from extracted_services.users.customers import events
from extracted_services.users.customers.models import Customer

UNIQUE_FIELDS = ("id", "legacy_id", "username")


class CustomerConflict(Exception):
    """Another customer already has this id, legacy id or username; `errors` names the field."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


class PasswordRejected(Exception):
    """The new password fails the password rules; `messages` says which."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(" ".join(messages))


def _check_unique(*, values: Mapping[str, Any], exclude: uuid.UUID | None = None) -> None:
    errors: dict[str, list[str]] = {}
    for field in UNIQUE_FIELDS:
        if values.get(field) is None:
            continue
        others = Customer.objects.filter(**{field: values[field]})
        if exclude is not None:
            others = others.exclude(id=exclude)
        if others.exists():
            errors[field] = [f"another customer already has {field} {values[field]}"]
    if errors:
        raise CustomerConflict(errors)


def _hashed(*, customer: Customer, password: str) -> str:
    try:
        # The validators only read username, names and email, which a Customer has too.
        validate_password(password, user=customer)  # type: ignore[arg-type]
    except DjangoValidationError as exc:
        raise PasswordRejected(list(exc.messages)) from exc
    return make_password(password)


def customer_create(
    *,
    username: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    address: Mapping[str, Any] | None = None,
    newsletter: bool = False,
    active: bool = True,
    password: str | None = None,
    password_hash: str | None = None,
    id: uuid.UUID | None = None,
    legacy_id: int | None = None,
    joined_at: datetime | None = None,
    last_login_at: datetime | None = None,
    updated_at: datetime | None = None,
) -> Customer:
    """Create a customer and record `users.customer.registered.v1`.

    `password_hash` is stored unchanged (a hash migrated from the legacy shop); `password` is
    checked against the password rules and hashed; with neither the customer cannot log in.
    """
    now = timezone.now()
    customer = Customer(
        id=id or uuid.uuid4(),
        legacy_id=legacy_id,
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        address=address,
        newsletter=newsletter,
        active=active,
        joined_at=joined_at or now,
        last_login_at=last_login_at,
        updated_at=updated_at or now,
    )
    if password_hash is not None:
        customer.password_hash = password_hash
    else:
        customer.password_hash = (
            _hashed(customer=customer, password=password) if password else make_password(None)
        )
    try:
        with transaction.atomic():
            _check_unique(values={"id": id, "legacy_id": legacy_id, "username": username})
            customer.save(force_insert=True)
            events.customer_registered(customer=customer)
    except IntegrityError as exc:
        # Lost a race with a concurrent create of the same customer.
        _check_unique(values={"id": id, "legacy_id": legacy_id, "username": username})
        raise CustomerConflict({"username": ["another customer was created at once"]}) from exc
    return customer


def customer_update(*, customer: Customer, changes: Mapping[str, Any]) -> Customer:
    """Apply `changes` (already validated and permitted) and record `users.customer.updated.v1`.

    `password` is checked and hashed, `password_hash` stored unchanged; `updated_at` defaults to
    now. A change that changes nothing records no event.
    """
    changes = dict(changes)
    changes.pop("current_password", None)
    if "password" in changes:
        changes["password_hash"] = _hashed(customer=customer, password=changes.pop("password"))
    changed = {
        field: value for field, value in changes.items() if getattr(customer, field) != value
    }
    if not changed or set(changed) == {"updated_at"}:
        return customer
    changed.setdefault("updated_at", timezone.now())
    try:
        with transaction.atomic():
            _check_unique(values=changed, exclude=customer.id)
            for field, value in changed.items():
                setattr(customer, field, value)
            customer.save(update_fields=list(changed))
            events.customer_updated(customer=customer, changed=sorted(changed))
    except IntegrityError as exc:
        customer.refresh_from_db()
        _check_unique(values=changed, exclude=customer.id)
        raise CustomerConflict({"username": ["another customer took it at once"]}) from exc
    return customer
