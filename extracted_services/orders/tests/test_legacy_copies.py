"""Orders copied from the legacy shop: applied whole, only forward, silently, and cancellable."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from acl.ids import Kind, legacy_uuid
from acl.orders import order_from_legacy
from extracted_services.orders.ordering.errors import OrderInvalid, OrderStateConflict
from extracted_services.orders.ordering.models import Order, OrderLine, OrderStatus
from extracted_services.orders.ordering.services import order_cancel
from extracted_services.orders.ordering.sync import order_apply_from_legacy
from messaging.models import OutboxEvent

from .factories import ProductSnapshotFactory

pytestmark = pytest.mark.django_db

ROW = {
    "id": 7,
    "cust_id": 3,
    "status": "N",
    "ship_addr": "12 Acacia Avenue\nLondon\nSW1A 1AA",
    "total_cents": 2997,
    "order_dt": datetime(2024, 10, 27, 1, 30),
    "ship_dt": None,
    "modified_dt": datetime(2024, 10, 27, 1, 30),
}
LINES = [
    {"id": 11, "order_id": 7, "prod_id": 5, "qty": 2, "unit_price_cents": 1299},
    {"id": 12, "order_id": 7, "prod_id": 6, "qty": 1, "unit_price_cents": 399},
]
ORDER_ID = legacy_uuid(Kind.ORDER, 7)


def copy_of(**changes) -> dict:
    return order_from_legacy(order={**ROW, **changes}, lines=LINES)


@pytest.fixture
def legacy_products(db):
    return [
        ProductSnapshotFactory(id=legacy_uuid(Kind.PRODUCT, 5), legacy_id=5, name="Teapot"),
        ProductSnapshotFactory(id=legacy_uuid(Kind.PRODUCT, 6), legacy_id=6, name="Mug"),
    ]


def test_a_legacy_order_is_copied_in_the_clean_vocabulary_without_an_event(legacy_products):
    order, changed = order_apply_from_legacy(order=copy_of())

    assert changed is True
    order = Order.objects.get(pk=ORDER_ID)
    assert (order.legacy_id, order.customer_legacy_id) == (7, 3)
    assert order.customer_id == legacy_uuid(Kind.CUSTOMER, 3)
    assert order.status == OrderStatus.PLACED
    assert (order.total, order.currency) == (Decimal("29.97"), "GBP")
    # 01:30 on the night the clocks go back is read as the first (summer time) 01:30.
    assert order.placed_at.isoformat() == "2024-10-27T00:30:00+00:00"
    assert order.shipping_address == {
        "lines": ["12 Acacia Avenue"],
        "city": "London",
        "postcode": "SW1A 1AA",
        "country": None,
    }
    lines = {line.legacy_id: line for line in order.lines.all()}
    assert (lines[11].product_name, lines[11].quantity, lines[11].unit_price) == (
        "Teapot",
        2,
        Decimal("12.99"),
    )
    assert lines[12].id == legacy_uuid(Kind.ORDER_LINE, 12)
    assert OutboxEvent.objects.count() == 0


def test_applying_the_same_copy_twice_changes_nothing(legacy_products):
    order_apply_from_legacy(order=copy_of())
    order_apply_from_legacy(order=copy_of())

    assert Order.objects.count() == 1
    assert OrderLine.objects.count() == 2


def test_an_older_copy_never_undoes_a_newer_one(legacy_products):
    order_apply_from_legacy(
        order=copy_of(
            status="S",
            ship_dt=datetime(2024, 10, 28, 9, 0),
            modified_dt=datetime(2024, 10, 28, 9, 0),
        )
    )

    order, changed = order_apply_from_legacy(order=copy_of())

    assert changed is False
    assert Order.objects.get(pk=ORDER_ID).status == OrderStatus.SHIPPED
    assert order.shipped_at.isoformat() == "2024-10-28T09:00:00+00:00"


def test_an_address_that_does_not_parse_is_kept_whole(legacy_products):
    order_apply_from_legacy(order=copy_of(ship_addr="Flat 2, 5 Mill Lane, leeds ls1 4ap"))

    assert Order.objects.get().shipping_address == {
        "unparsed": "Flat 2, 5 Mill Lane, leeds ls1 4ap"
    }


def test_a_malformed_copy_is_refused_naming_each_field(legacy_products):
    bad = {**copy_of(), "status": "N", "total": 29.97}
    del bad["lines"]

    with pytest.raises(OrderInvalid) as excinfo:
        order_apply_from_legacy(order=bad)

    assert set(excinfo.value.errors) == {"status", "total", "lines"}
    assert excinfo.value.errors["lines"] == ["this field is required"]
    assert Order.objects.count() == 0


def test_a_legacy_id_held_by_another_order_is_a_conflict(legacy_products):
    order_apply_from_legacy(order=copy_of())
    other = {**copy_of(), "id": str(legacy_uuid(Kind.ORDER, 8))}

    with pytest.raises(OrderStateConflict, match="legacy order 7 is already order"):
        order_apply_from_legacy(order=other)


def test_cancelling_a_legacy_order_puts_its_stock_back_once(legacy_products, stock):
    order_apply_from_legacy(order=copy_of())

    order_cancel(order_id=ORDER_ID, stock=stock)
    order_cancel(order_id=ORDER_ID, stock=stock)

    teapot, mug = legacy_products
    assert (stock.on_hand[teapot.id], stock.on_hand[mug.id]) == (2, 1)
    assert [name for name, _ in stock.calls] == ["restock"]
    assert stock.reservations == {}, "a legacy order holds no reservation to release"
    assert Order.objects.get(pk=ORDER_ID).status == OrderStatus.CANCELLED
