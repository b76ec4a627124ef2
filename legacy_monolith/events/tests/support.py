"""What the tests read back: the recorded legacy events, and their payloads through the ACL."""

from dataclasses import dataclass
from typing import Any

from acl.legacy_feed import category_row, customer_rows, deleted_id, order_rows, product_row
from acl.orders import order_from_legacy
from acl.products import category_from_legacy, product_from_legacy
from acl.users import customer_from_legacy
from legacy_monolith.events import schemas
from messaging.models import OutboxEvent


@dataclass(frozen=True)
class Recorded:
    type: str
    subject: str
    sequence: int
    data: dict[str, Any]


def recorded() -> list[Recorded]:
    """Every event in the outbox, in the order it was recorded."""
    rows = OutboxEvent.objects.order_by("id").values_list(
        "type", "aggregate_id", "sequence", "data"
    )
    return [Recorded(*row) for row in rows]


def types_and_subjects() -> list[tuple[str, str]]:
    return [(event.type, event.subject) for event in recorded()]


def forget_recorded() -> None:
    """Start a test's act step with an empty outbox (the arrange step records events too)."""
    OutboxEvent.objects.all().delete()


def translated(event: Recorded) -> Any:
    """The event's payload as the services' sync consumers read it, through the ACL."""
    data = event.data
    if event.type.endswith(".deleted.v1"):
        return deleted_id(data)
    if event.type == schemas.CUSTOMER_CHANGED:
        return customer_from_legacy(**customer_rows(data))
    if event.type == schemas.CATEGORY_CHANGED:
        return category_from_legacy(row=category_row(data))
    if event.type == schemas.PRODUCT_CHANGED:
        return product_from_legacy(row=product_row(data))
    if event.type == schemas.ORDER_CHANGED:
        return order_from_legacy(**order_rows(data))
    raise AssertionError(f"not a legacy change event: {event.type}")
