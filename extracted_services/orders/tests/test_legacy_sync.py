"""The `orders-legacy-sync` consumer: legacy orders, and customer and product snapshots."""

import uuid
from decimal import Decimal

import pytest

from acl.ids import Kind, legacy_uuid
from extracted_services.orders.ordering.handlers import legacy_sync
from extracted_services.orders.ordering.models import Order
from extracted_services.orders.readmodels.models import CustomerSnapshot, ProductSnapshot
from messaging.envelope import Event, now_rfc3339
from messaging.inbox import apply_once
from messaging.models import InboxMessage, OutboxEvent

from .factories import ProductSnapshotFactory

pytestmark = pytest.mark.django_db

CUSTOMER = {
    "user": {
        "id": 12,
        "username": "grace",
        "email": "grace@example.com",
        "first_name": "Grace",
        "last_name": "Hopper",
        "password": "md5$salt$0123456789abcdef0123456789abcdef",
        "is_active": True,
        "date_joined": "2023-02-01T10:00:00",
        "last_login": None,
    },
    "profile": None,
}
PRODUCT = {
    "id": 7,
    "prod_code": "TEA-007",
    "prod_name": "Teapot",
    "descr": "Holds tea.",
    "price_cents": 1299,
    "qty_on_hand": 10,
    "cat_id": 3,
    "active_yn": "Y",
    "created_dt": "2024-01-15T09:00:00",
    "modified_dt": "2024-07-01T12:30:00",
}
ORDER = {
    "order": {
        "id": 500,
        "cust_id": 12,
        "status": "N",
        "ship_addr": "1 Navy Way\nArlington\nSW1A 1AA",
        "total_cents": 2598,
        "order_dt": "2024-07-02T10:00:00",
        "ship_dt": None,
        "modified_dt": "2024-07-02T10:00:00",
    },
    "lines": [{"id": 900, "order_id": 500, "prod_id": 7, "qty": 2, "unit_price_cents": 1299}],
}


def deliver(event_type, data, subject):
    event = Event(
        id=str(uuid.uuid4()),
        type=event_type,
        source="/legacy",
        subject=str(subject),
        sequence=1,
        time=now_rfc3339(),
        data=data,
    )
    return apply_once(consumer=legacy_sync, event=event, handler=legacy_sync.handlers[event.type])


def test_the_consumer_handles_orders_and_the_customers_and_products_they_name():
    assert legacy_sync.event_types == [
        "legacy.catalogue.product.changed.v1",
        "legacy.catalogue.product.deleted.v1",
        "legacy.customers.customer.changed.v1",
        "legacy.customers.customer.deleted.v1",
        "legacy.orders.order.changed.v1",
        "legacy.orders.order.deleted.v1",
    ]


def test_legacy_events_keep_snapshots_and_copy_the_order_silently():
    deliver("legacy.customers.customer.changed.v1", CUSTOMER, 12)
    deliver("legacy.catalogue.product.changed.v1", PRODUCT, 7)
    deliver("legacy.orders.order.changed.v1", ORDER, 500)

    customer = CustomerSnapshot.objects.get(pk=legacy_uuid(Kind.CUSTOMER, 12))
    assert (customer.legacy_id, customer.name, customer.is_active) == (12, "Grace Hopper", True)
    product = ProductSnapshot.objects.get(pk=legacy_uuid(Kind.PRODUCT, 7))
    assert (product.sku, product.name, product.price) == ("TEA-007", "Teapot", Decimal("12.99"))
    order = Order.objects.prefetch_related("lines").get()
    assert order.id == legacy_uuid(Kind.ORDER, 500)
    assert (order.status, order.total, order.customer_legacy_id) == (
        "placed",
        Decimal("25.98"),
        12,
    )
    [line] = order.lines.all()
    assert (line.sku, line.product_name, line.quantity) == ("TEA-007", "Teapot", 2)
    assert not OutboxEvent.objects.exists()


def test_a_product_born_in_the_products_service_keeps_its_id_in_a_legacy_order():
    born_here = ProductSnapshotFactory(legacy_id=7, sku="TEA-007")

    deliver("legacy.orders.order.changed.v1", ORDER, 500)

    assert Order.objects.get().lines.get().product_id == born_here.id


def test_an_older_snapshot_event_does_not_roll_a_snapshot_back():
    deliver("legacy.catalogue.product.changed.v1", {**PRODUCT, "price_cents": 1500}, 7)

    deliver(
        "legacy.catalogue.product.changed.v1", {**PRODUCT, "modified_dt": "2024-06-01T00:00:00"}, 7
    )

    assert ProductSnapshot.objects.get().price == Decimal("15.00")


def test_delete_events_remove_the_order_and_retire_the_snapshots():
    deliver("legacy.customers.customer.changed.v1", CUSTOMER, 12)
    deliver("legacy.catalogue.product.changed.v1", PRODUCT, 7)
    deliver("legacy.orders.order.changed.v1", ORDER, 500)

    deliver("legacy.orders.order.deleted.v1", {"id": 500}, 500)
    deliver("legacy.catalogue.product.deleted.v1", {"id": 7}, 7)
    deliver("legacy.customers.customer.deleted.v1", {"id": 12}, 12)

    assert not Order.objects.exists()
    assert ProductSnapshot.objects.get().is_active is False
    assert CustomerSnapshot.objects.get().is_active is False
    assert InboxMessage.objects.filter(consumer="orders-legacy-sync").count() == 6
