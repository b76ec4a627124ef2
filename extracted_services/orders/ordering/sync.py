"""Orders copied from the legacy shop (backfill and forward sync), in the clean vocabulary of `acl.orders`.

Applying records no event: a change that came from the legacy shop must not echo back to it.
Copies are applied whole and only forward: one older than what was last applied is skipped, so
a backfill batch read before a sync update cannot undo it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction

from acl.address import validate_address
from acl.clock import parse_utc
from acl.errors import TranslationError
from acl.money import money_to_decimal
from extracted_services.orders.readmodels.selectors import product_snapshots_by_id

from .errors import OrderInvalid, OrderStateConflict
from .models import Order, OrderLine, OrderStatus

LEGACY_STATUSES = {
    OrderStatus.PLACED,
    OrderStatus.ON_HOLD,
    OrderStatus.SHIPPED,
    OrderStatus.DELIVERED,
    OrderStatus.CANCELLED,
}


def order_apply_from_legacy(*, order: Mapping[str, Any]) -> tuple[Order, bool]:
    """Create or update the order from a clean legacy copy; returns it and whether it changed.

    Raises OrderInvalid naming the field when the copy is malformed, and OrderStateConflict when
    its legacy id already belongs to another order here.
    """
    copy = _parsed(order)
    with transaction.atomic():
        current = Order.objects.select_for_update().filter(pk=copy["id"]).first()
        last_applied = current.legacy_modified_at if current is not None else None
        if current is not None and last_applied and copy["legacy_modified_at"] < last_applied:
            return current, False
        holder = Order.objects.filter(legacy_id=copy["legacy_id"]).exclude(pk=copy["id"]).first()
        if holder is not None:
            raise OrderStateConflict(
                f"legacy order {copy['legacy_id']} is already order {holder.id} here, "
                f"not {copy['id']}"
            )
        lines = copy.pop("lines")
        if current is None:
            current = Order.objects.create(**copy)
        else:
            for name, value in copy.items():
                setattr(current, name, value)
            current.save()
        _replace_lines(current, lines)
    return current, True


def _replace_lines(order: Order, lines: list[dict[str, Any]]) -> None:
    products = product_snapshots_by_id(product_ids=[line["product_id"] for line in lines])
    order.lines.all().delete()
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            sku=products[line["product_id"]].sku if line["product_id"] in products else "",
            product_name=(
                products[line["product_id"]].name if line["product_id"] in products else ""
            ),
            **line,
        )
        for line in lines
    )


def _parsed(order: Mapping[str, Any]) -> dict[str, Any]:
    """The model fields of a clean order, or OrderInvalid naming each bad field."""
    errors: dict[str, list[str]] = {}

    def field(name: str, read):
        try:
            return read(order[name])
        except KeyError:
            errors[name] = ["this field is required"]
        except (TranslationError, TypeError, ValueError) as exc:
            errors[name] = [getattr(exc, "reason", str(exc))]
        return None

    status = field("status", _legacy_status)
    placed_at = field("placed_at", parse_utc)
    shipped_at = field("shipped_at", _maybe_time)
    modified_at = field("updated_at", parse_utc)
    parsed = {
        "id": field("id", _uuid),
        "legacy_id": field("legacy_id", _legacy_id),
        "customer_id": field("customer_id", _uuid),
        "customer_legacy_id": field("customer_legacy_id", _legacy_id),
        "status": status,
        "total": field("total", money_to_decimal),
        "currency": "GBP",
        "shipping_address": field("shipping_address", _address),
        "created_at": placed_at,
        "placed_at": placed_at,
        "shipped_at": shipped_at,
        "delivered_at": modified_at if status == OrderStatus.DELIVERED else None,
        "cancelled_at": modified_at if status == OrderStatus.CANCELLED else None,
        "legacy_modified_at": modified_at,
        "lines": field("lines", _lines),
    }
    if errors:
        raise OrderInvalid(errors)
    return parsed


def _uuid(value: Any) -> UUID:
    return UUID(str(value))


def _legacy_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"must be a positive whole number, got {value!r}")
    return value


def _legacy_status(value: Any) -> OrderStatus:
    if value not in LEGACY_STATUSES:
        words = ", ".join(sorted(LEGACY_STATUSES))
        raise ValueError(f"must be one of {words}, got {value!r}")
    return OrderStatus(value)


def _maybe_time(value: Any) -> datetime | None:
    return None if value is None else parse_utc(value)


def _address(value: Any) -> Mapping[str, Any] | None:
    if value is None or (isinstance(value, Mapping) and set(value) == {"unparsed"}):
        return value
    if not isinstance(value, Mapping):
        raise ValueError('must be an address object, {"unparsed": "<text>"} or null')
    validate_address(value)
    return value


def _lines(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise ValueError("must be a list of order lines")
    lines = []
    for index, line in enumerate(value):
        try:
            quantity = line["quantity"]
            if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
                raise ValueError(f"quantity must be a positive whole number, got {quantity!r}")
            lines.append(
                {
                    "id": _uuid(line["id"]),
                    "legacy_id": _legacy_id(line["legacy_id"]),
                    "product_id": _uuid(line["product_id"]),
                    "product_legacy_id": _legacy_id(line["product_legacy_id"]),
                    "quantity": quantity,
                    "unit_price": money_to_decimal(line["unit_price"]),
                }
            )
        except KeyError as exc:
            raise ValueError(f"line {index} has no {exc.args[0]!r}") from None
        except (TranslationError, TypeError, ValueError) as exc:
            raise ValueError(f"line {index}: {getattr(exc, 'reason', exc)}") from None
    return lines
