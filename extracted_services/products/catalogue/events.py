"""Events the products service publishes, their JSON Schemas, and the calls that record them.

Each is recorded through the messaging outbox in the transaction of the write it describes.
Payloads are the entity itself in the clean vocabulary (the shapes `acl.products` reads);
`updated` events add `changed`, stock events add `stock_change`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rest_framework.renderers import JSONRenderer

from extracted_services.products.catalogue.models import Category, Product, Reservation
from extracted_services.products.catalogue.serializers import (
    CategorySerializer,
    ProductSerializer,
    ReservationSerializer,
)
from messaging.event_types import register_event_type
from messaging.outbox import NewEvent, record_event, record_events

CATEGORY_CREATED = "products.category.created.v1"
CATEGORY_UPDATED = "products.category.updated.v1"
PRODUCT_CREATED = "products.product.created.v1"
PRODUCT_UPDATED = "products.product.updated.v1"
PRODUCT_STOCK_CHANGED = "products.product.stock_changed.v1"
RESERVATION_HELD = "products.reservation.held.v1"
RESERVATION_CONFIRMED = "products.reservation.confirmed.v1"
RESERVATION_RELEASED = "products.reservation.released.v1"

_TEXT = {"type": "string"}
_UUID = {"type": "string", "format": "uuid"}
_LEGACY_ID = {"type": ["integer", "null"], "minimum": 1}
_TIME = {"type": "string", "format": "date-time"}
_CHANGED = {"type": "array", "items": _TEXT, "minItems": 1}


def _object(properties: dict[str, Any], **extra: dict[str, Any]) -> dict[str, Any]:
    """A closed object schema whose every property is required, plus `extra` ones."""
    return {
        "type": "object",
        "properties": {**properties, **extra},
        "required": [*properties, *extra],
        "additionalProperties": False,
    }


CATEGORY = {
    "id": _UUID,
    "legacy_id": _LEGACY_ID,
    "name": _TEXT,
    "slug": _TEXT,
    "visible": {"type": "boolean"},
    "sort_order": {"type": "integer", "minimum": 0},
}
PRODUCT = {
    "id": _UUID,
    "legacy_id": _LEGACY_ID,
    "sku": _TEXT,
    "name": _TEXT,
    "description": _TEXT,
    "price": _object(
        {"amount": {"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}$"}, "currency": _TEXT}
    ),
    "stock": {"type": "integer", "minimum": 0},
    "category_id": _UUID,
    "category_legacy_id": _LEGACY_ID,
    "active": {"type": "boolean"},
    "created_at": _TIME,
    "updated_at": _TIME,
}
STOCK_CHANGE = _object(
    {
        "delta": {"type": "integer"},
        "reason": {"enum": ["reserved", "released", "set", "adjusted"]},
        "note": _TEXT,
        "reservation_id": {"type": ["string", "null"], "format": "uuid"},
    }
)
RESERVATION = {
    "id": _UUID,
    "order_id": {"type": ["string", "null"], "format": "uuid"},
    "status": {"enum": ["held", "confirmed", "released"]},
    "released_from": {"enum": ["held", "confirmed", None]},
    "lines": {
        "type": "array",
        "items": _object({"product_id": _UUID, "quantity": {"type": "integer", "minimum": 1}}),
    },
    "created_at": _TIME,
    "updated_at": _TIME,
}

for name, description, schema in [
    (CATEGORY_CREATED, "A category was created.", _object(CATEGORY)),
    (CATEGORY_UPDATED, "A category changed.", _object(CATEGORY, changed=_CHANGED)),
    (PRODUCT_CREATED, "A product was created.", _object(PRODUCT)),
    (PRODUCT_UPDATED, "A product's details changed.", _object(PRODUCT, changed=_CHANGED)),
    (
        PRODUCT_STOCK_CHANGED,
        "A product's stock changed: reserved, released, set or adjusted.",
        _object(PRODUCT, stock_change=STOCK_CHANGE),
    ),
    (RESERVATION_HELD, "Stock was reserved for an order.", _object(RESERVATION)),
    (RESERVATION_CONFIRMED, "A reservation became a sale.", _object(RESERVATION)),
    (RESERVATION_RELEASED, "A reservation's stock was given back.", _object(RESERVATION)),
]:
    register_event_type(name, schema=schema, owner="products", description=description)


def _json(data: Any) -> dict[str, Any]:
    return json.loads(JSONRenderer().render(data))


def category_payload(category: Category) -> dict[str, Any]:
    return _json(CategorySerializer(category).data)


def product_payload(product: Product) -> dict[str, Any]:
    return _json(ProductSerializer(product).data)


def category_created(*, category: Category) -> None:
    """Call inside the transaction that created `category`."""
    record_event(type=CATEGORY_CREATED, subject=str(category.id), data=category_payload(category))


def category_updated(*, category: Category, changed: Sequence[str]) -> None:
    record_event(
        type=CATEGORY_UPDATED,
        subject=str(category.id),
        data={**category_payload(category), "changed": sorted(changed)},
    )


def product_created(*, product: Product) -> None:
    record_event(type=PRODUCT_CREATED, subject=str(product.id), data=product_payload(product))


def product_updated(*, product: Product, changed: Sequence[str]) -> None:
    record_event(
        type=PRODUCT_UPDATED,
        subject=str(product.id),
        data={**product_payload(product), "changed": sorted(changed)},
    )


def stock_changed(
    *,
    changes: Sequence[tuple[Product, int]],
    reason: str,
    note: str = "",
    reservation: Reservation | None = None,
) -> None:
    """One event per (product, delta), recorded together; call while holding the row locks."""
    record_events(
        NewEvent(
            type=PRODUCT_STOCK_CHANGED,
            subject=str(product.id),
            data={
                **product_payload(product),
                "stock_change": {
                    "delta": delta,
                    "reason": reason,
                    "note": note,
                    "reservation_id": str(reservation.id) if reservation else None,
                },
            },
        )
        for product, delta in changes
    )


def reservation_changed(*, reservation: Reservation) -> None:
    """`held`, `confirmed` or `released`, by the reservation's new status."""
    event_type = {
        "held": RESERVATION_HELD,
        "confirmed": RESERVATION_CONFIRMED,
        "released": RESERVATION_RELEASED,
    }[reservation.status]
    record_event(
        type=event_type,
        subject=str(reservation.id),
        data=_json(ReservationSerializer(reservation).data),
    )
