"""Events the orders service publishes, their JSON Schemas, and the call that records them.

Each is recorded through the messaging outbox in the transaction of the change it describes.
The payload is the whole order as the API shows it (the clean vocabulary `acl.orders` reads),
so reverse sync and other consumers never need to call back. `orders.order.rejected.v1` is for
the customer's benefit only: a rejected order never existed in the legacy shop.
"""

from __future__ import annotations

import json
from typing import Any

from rest_framework.renderers import JSONRenderer

from messaging.event_types import register_event_type
from messaging.outbox import record_event

from .api.serializers import OrderSerializer
from .models import Order, OrderStatus

CHANGES = {
    "placed": "The stock was confirmed: the order is placed.",
    "rejected": "The order could not be placed (not enough stock, or the products service "
    "could not confirm in time); `rejection_reason` says why.",
    "cancelled": "An unshipped order was cancelled; its stock is being given back.",
    "shipped": "The order left the warehouse.",
    "delivered": "The order reached the customer.",
}

_TEXT = {"type": "string"}
_UUID = {"type": "string", "format": "uuid"}
_LEGACY_ID = {"type": ["integer", "null"], "minimum": 1}
_TIME = {"type": "string", "format": "date-time"}
_MAYBE_TIME = {"type": ["string", "null"], "format": "date-time"}
_MONEY = {
    "type": "object",
    "properties": {
        "amount": {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$"},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
    },
    "required": ["amount", "currency"],
    "additionalProperties": False,
}
_ADDRESS = {
    "oneOf": [
        {"type": "null"},
        {
            "type": "object",
            "properties": {
                "lines": {"type": "array", "items": _TEXT, "minItems": 1},
                "city": _TEXT,
                "postcode": _TEXT,
                "country": {"type": ["string", "null"]},
            },
            "required": ["lines", "city", "postcode", "country"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"unparsed": _TEXT},
            "required": ["unparsed"],
            "additionalProperties": False,
        },
    ]
}
_LINE = {
    "type": "object",
    "properties": {
        "id": _UUID,
        "legacy_id": _LEGACY_ID,
        "product_id": _UUID,
        "product_legacy_id": _LEGACY_ID,
        "sku": _TEXT,
        "name": _TEXT,
        "quantity": {"type": "integer", "minimum": 1},
        "unit_price": _MONEY,
        "total": _MONEY,
    },
    "required": [
        "id",
        "legacy_id",
        "product_id",
        "product_legacy_id",
        "sku",
        "name",
        "quantity",
        "unit_price",
        "total",
    ],
    "additionalProperties": False,
}
ORDER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": _UUID,
        "legacy_id": _LEGACY_ID,
        "customer_id": _UUID,
        "customer_legacy_id": _LEGACY_ID,
        "status": {"enum": [status.value for status in OrderStatus]},
        "rejection_reason": _TEXT,
        "total": _MONEY,
        "shipping_address": _ADDRESS,
        "lines": {"type": "array", "items": _LINE},
        "created_at": _TIME,
        "placed_at": _MAYBE_TIME,
        "shipped_at": _MAYBE_TIME,
        "delivered_at": _MAYBE_TIME,
        "cancelled_at": _MAYBE_TIME,
        "updated_at": _TIME,
    },
    "required": [
        "id",
        "legacy_id",
        "customer_id",
        "customer_legacy_id",
        "status",
        "rejection_reason",
        "total",
        "shipping_address",
        "lines",
        "created_at",
        "placed_at",
        "shipped_at",
        "delivered_at",
        "cancelled_at",
        "updated_at",
    ],
    "additionalProperties": False,
}


def order_event_type(change: str) -> str:
    if change not in CHANGES:
        raise ValueError(f"unknown order change {change!r}; known: {', '.join(CHANGES)}")
    return f"orders.order.{change}.v1"


for _change, _description in CHANGES.items():
    register_event_type(
        order_event_type(_change),
        owner="orders",
        description=_description,
        schema={
            **ORDER_SCHEMA,
            "properties": {**ORDER_SCHEMA["properties"], "status": {"const": _change}},
        },
    )


def order_payload(order: Order) -> dict[str, Any]:
    """The order as JSON, exactly as the API shows it."""
    fresh = Order.objects.prefetch_related("lines").get(pk=order.pk)
    return json.loads(JSONRenderer().render(OrderSerializer(fresh).data))


def order_event_record(*, order: Order, change: str) -> None:
    """Record `orders.order.<change>.v1`; call inside the transaction that made the change."""
    record_event(type=order_event_type(change), subject=str(order.id), data=order_payload(order))
