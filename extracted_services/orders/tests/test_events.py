"""Order changes reach the outbox as schema-checked events; snapshot events apply once through the inbox."""

from __future__ import annotations

import pytest
from django.test import override_settings

from acl.ids import Kind, legacy_uuid
from acl.orders import order_to_legacy
from extracted_services.orders.ordering.events import ORDER_SCHEMA
from extracted_services.orders.ordering.saga import sagas_resume_due
from extracted_services.orders.ordering.services import (
    LineRequest,
    order_cancel,
    order_mark_delivered,
    order_mark_shipped,
    order_place,
)
from extracted_services.orders.readmodels.handlers import apply_customer_changed
from extracted_services.orders.readmodels.models import CustomerSnapshot
from messaging.consumers import get_consumer
from messaging.event_types import get_event_type
from messaging.inbox import apply_once
from messaging.models import OutboxEvent

from .events import incoming
from .factories import ADDRESS, CustomerSnapshotFactory, ProductSnapshotFactory

pytestmark = pytest.mark.django_db


def recorded(order) -> list[str]:
    return list(
        OutboxEvent.objects.filter(aggregate_id=str(order.id))
        .order_by("sequence")
        .values_list("type", flat=True)
    )


def test_a_placed_order_is_announced_with_the_whole_order(place, teapot, customer):
    order = place({teapot: 2})

    [event] = OutboxEvent.objects.filter(aggregate_id=str(order.id))
    assert event.type == "orders.order.placed.v1"
    assert event.source == "/orders"
    assert event.data["id"] == str(order.id)
    assert event.data["status"] == "placed"
    assert event.data["customer_legacy_id"] == customer.legacy_id
    assert event.data["total"] == {"amount": "49.00", "currency": "GBP"}
    assert event.data["lines"][0]["product_legacy_id"] == teapot.legacy_id
    assert set(event.data) == set(ORDER_SCHEMA["required"])


def test_every_later_change_follows_in_order(place, stock, teapot):
    shipped = order_mark_shipped(order_id=place({teapot: 1}).id)
    order_mark_delivered(order_id=shipped.id)
    cancelled = order_cancel(order_id=place({teapot: 1}).id, stock=stock)

    assert recorded(shipped) == [
        "orders.order.placed.v1",
        "orders.order.shipped.v1",
        "orders.order.delivered.v1",
    ]
    assert recorded(cancelled) == ["orders.order.placed.v1", "orders.order.cancelled.v1"]


def test_a_rejected_order_is_announced_and_a_pending_one_is_not(place, stock, teapot):
    rejected = place({teapot: 99})
    stock.down = True
    pending = place({teapot: 1})

    assert recorded(rejected) == ["orders.order.rejected.v1"]
    assert OutboxEvent.objects.get(aggregate_id=str(rejected.id)).data["rejection_reason"]
    assert recorded(pending) == []


@override_settings(ORDERS={"SAGA_LEASE_SECONDS": 0})
def test_a_resumed_saga_announces_the_placement_once(place, stock, teapot):
    class CrashOnConfirm:
        reserve, release = stock.reserve, stock.release

        def confirm(self, *, reservation_id):
            raise RuntimeError("process died")

    with pytest.raises(RuntimeError):
        place({teapot: 1}, through=CrashOnConfirm())
    [saga] = sagas_resume_due(stock=stock)
    sagas_resume_due(stock=stock)

    assert recorded(saga.order) == ["orders.order.placed.v1"]


def test_the_event_schemas_refuse_a_payload_that_lies_about_its_status(place, teapot):
    order = place({teapot: 1})
    payload = OutboxEvent.objects.get(aggregate_id=str(order.id)).data

    get_event_type("orders.order.placed.v1").validate(payload)
    with pytest.raises(ValueError, match="status"):
        get_event_type("orders.order.shipped.v1").validate(payload)


def test_a_customer_event_delivered_twice_takes_effect_once():
    snapshots = get_consumer("orders-snapshots")
    assert snapshots.event_types == [
        "products.product.created.v1",
        "products.product.updated.v1",
        "users.customer.registered.v1",
        "users.customer.updated.v1",
    ]
    event = incoming(
        "users.customer.registered.v1",
        {
            "id": "2b0b4c1e-5d8f-4a57-9e0e-8d3f0c6a1b11",
            "legacy_id": 42,
            "email": "ada@example.com",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "active": True,
            "updated_at": "2025-03-30T00:30:00Z",
        },
    )
    handler = snapshots.handlers[event.type]
    assert handler is apply_customer_changed

    assert apply_once(consumer=snapshots, event=event, handler=handler) is True
    assert apply_once(consumer=snapshots, event=event, handler=handler) is False
    assert CustomerSnapshot.objects.get().email == "ada@example.com"


def test_a_placed_event_translates_to_legacy_rows_through_the_acl(stock):
    customer = CustomerSnapshotFactory(id=legacy_uuid(Kind.CUSTOMER, 3), legacy_id=3)
    teapot = ProductSnapshotFactory(id=legacy_uuid(Kind.PRODUCT, 5), legacy_id=5, price="12.99")
    stock.on_hand[teapot.id] = 4
    order = order_place(
        customer_id=customer.id,
        lines=[LineRequest(product_id=teapot.id, quantity=2)],
        shipping_address=ADDRESS,
        stock=stock,
    )
    payload = OutboxEvent.objects.get(aggregate_id=str(order.id)).data

    rows = order_to_legacy(order=payload)

    assert "id" not in rows["order"], "a new order gets its legacy id when reverse sync inserts it"
    assert rows["order"]["cust_id"] == 3
    assert rows["order"]["status"] == "N"
    assert rows["order"]["total_cents"] == 2598
    assert rows["order"]["ship_addr"] == "12 Acacia Avenue\nLondon\nSW1A 1AA\nUnited Kingdom"
    assert rows["lines"] == [{"prod_id": 5, "qty": 2, "unit_price_cents": 1299}]
