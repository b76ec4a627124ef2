"""Inbox handlers that keep the customer and product snapshots current from their owners' events.

Each handler reads only the fields the orders service needs (its own minimal copy of the
event), upserts the snapshot, and ignores an event older than the snapshot it already has, so
a replayed or late event can never roll a snapshot back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn
from uuid import UUID

from django.db import transaction
from django.utils.dateparse import parse_datetime

from messaging.consumers import consumer
from messaging.envelope import Event

from .models import CustomerSnapshot, ProductSnapshot

# One queue for both snapshots: each event is applied once, in order per customer or product.
# Stock movements (products.product.stock_changed.v1) change nothing the snapshot keeps.
snapshots = consumer("orders-snapshots")


class SnapshotEventInvalid(ValueError):
    """The event's payload lacks a field the snapshot needs or has one of the wrong kind."""


@snapshots.handles("users.customer.registered.v1", "users.customer.updated.v1")
def apply_customer_changed(event: Event) -> None:
    """Upsert the customer snapshot from a users.customer.* event carrying the customer."""
    data = _payload(event)
    first, last = _text(data, "first_name", ""), _text(data, "last_name", "")
    fields = {
        "legacy_id": _legacy_id(data),
        "email": _text(data, "email", ""),
        "name": _text(data, "name", "") or f"{first} {last}".strip(),
        "is_active": _flag(data, "active"),
        "source_changed_at": _changed_at(event, data),
    }
    _upsert(CustomerSnapshot, _uuid(data, "id"), fields)


@snapshots.handles("products.product.created.v1", "products.product.updated.v1")
def apply_product_changed(event: Event) -> None:
    """Upsert the product snapshot from a products.product.* event carrying the product."""
    data = _payload(event)
    amount, currency = _money(data, "price")
    fields = {
        "legacy_id": _legacy_id(data),
        "sku": _text(data, "sku", ""),
        "name": _text(data, "name"),
        "price": amount,
        "currency": currency,
        "is_active": _flag(data, "active"),
        "source_changed_at": _changed_at(event, data),
    }
    _upsert(ProductSnapshot, _uuid(data, "id"), fields)


def _upsert(
    model: type[CustomerSnapshot | ProductSnapshot], pk: UUID, fields: dict[str, Any]
) -> None:
    with transaction.atomic():
        current = model.objects.select_for_update().filter(pk=pk).first()
        if current is None:
            model.objects.create(pk=pk, **fields)
            return
        if current.source_changed_at > fields["source_changed_at"]:
            return  # an older change arriving late: the snapshot already knows better
        for name, value in fields.items():
            setattr(current, name, value)
        current.save()


def _payload(event: Event) -> Mapping[str, Any]:
    data = getattr(event, "data", None)
    if not isinstance(data, Mapping):
        raise SnapshotEventInvalid(f"the event's data must be an object, got {data!r}")
    return data


def _uuid(data: Mapping[str, Any], name: str) -> UUID:
    try:
        return UUID(str(data[name]))
    except KeyError:
        raise SnapshotEventInvalid(f"the event's data has no {name!r}") from None
    except ValueError:
        raise SnapshotEventInvalid(f"{name!r} must be a UUID, got {data[name]!r}") from None


_MISSING = object()
CENT = Decimal("0.01")


def _text(data: Mapping[str, Any], name: str, default: Any = _MISSING) -> str:
    value = data.get(name, default)
    if value is _MISSING:
        raise SnapshotEventInvalid(f"the event's data has no {name!r}")
    if value is None:
        return "" if default is not _MISSING else _fail(name, "text", value)
    if not isinstance(value, str):
        _fail(name, "text", value)
    return value


def _flag(data: Mapping[str, Any], name: str) -> bool:
    value = data.get(name, True)
    if not isinstance(value, bool):
        _fail(name, "true or false", value)
    return value


def _legacy_id(data: Mapping[str, Any]) -> int | None:
    value = data.get("legacy_id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        _fail("legacy_id", "a positive whole number or null", value)
    return value


def _money(data: Mapping[str, Any], name: str) -> tuple[Decimal, str]:
    money = data.get(name)
    if not isinstance(money, Mapping):
        _fail(name, '{"amount": "12.99", "currency": "GBP"}', money)
    try:
        amount = Decimal(str(money["amount"]))
        currency = str(money["currency"])
    except (KeyError, InvalidOperation):
        _fail(name, '{"amount": "12.99", "currency": "GBP"}', money)
    if (
        not amount.is_finite()
        or amount < 0
        or amount != amount.quantize(CENT)
        or len(currency) != 3
    ):
        _fail(name, "a non-negative amount in whole cents with a three-letter currency", money)
    return amount, currency


def _changed_at(event: Event, data: Mapping[str, Any]) -> datetime:
    """When the owner changed the entity: its `updated_at`, else the event's time."""
    raw = data.get("updated_at") or getattr(event, "time", None)
    parsed = parse_datetime(raw.replace("Z", "+00:00")) if isinstance(raw, str) else None
    if parsed is None or parsed.tzinfo is None:
        raise SnapshotEventInvalid(
            f"the event needs an ISO-8601 time with a timezone (updated_at or time), got {raw!r}"
        )
    return parsed


def _fail(name: str, expected: str, value: Any) -> NoReturn:
    raise SnapshotEventInvalid(f"{name!r} must be {expected}, got {value!r}")
