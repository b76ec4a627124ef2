"""What the orders service's forward sync (`orders-legacy-sync`) needs from the change feed.

Orders are copied; customers and products become the snapshots an order is placed against.
Each message is applied by the consumer's registered handler, through the inbox, to the orders
service's own database (these tests run under its settings), and what it leaves there is checked.
"""

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pact import Pact

from contracts.consumers import legacy_feed as feed
from contracts.matchers import legacy_timestamp
from contracts.messages import apply_messages, event_metadata, legacy_subject
from extracted_services.orders.ordering.models import Order, OrderStatus
from extracted_services.orders.readmodels.models import CustomerSnapshot, ProductSnapshot
from extracted_services.orders.tests.factories import (
    CustomerSnapshotFactory,
    ProductSnapshotFactory,
)

CONSUMER, PROVIDER = "orders_legacy_sync", "legacy_monolith"

pytestmark = pytest.mark.django_db


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def deliver(pact: Pact) -> None:
    apply_messages(pact, "orders-legacy-sync")


# Orders


def test_a_checkout_in_the_shop_is_copied_as_a_placed_order(pact: Pact) -> None:
    dora = CustomerSnapshotFactory(legacy_id=42)
    ProductSnapshotFactory(legacy_id=70, sku="TEA-1", name="Teapot")
    (
        pact.upon_receiving("an order checked out in the shop", "Async")
        .given(feed.CHECKOUT, user_id=42, qty=2, prod_id=70)
        .with_body(feed.order_changed(), content_type="application/json")
        .with_metadata(event_metadata(feed.ORDER_CHANGED, subject=legacy_subject(1001)))
    )

    deliver(pact)

    order = Order.objects.get(legacy_id=1001)
    assert (order.status, order.customer_id, order.total) == (
        OrderStatus.PLACED,
        dora.id,
        Decimal("49.00"),
    )
    assert order.shipping_address == {
        "lines": ["1 High Street"],
        "city": "Leeds",
        "postcode": "LS1 4AP",
        "country": "GB",
    }
    [line] = order.lines.all()
    assert (line.product_legacy_id, line.sku, line.quantity) == (70, "TEA-1", 2)


def test_a_shipped_order_in_the_shop_is_shipped_here(pact: Pact) -> None:
    CustomerSnapshotFactory(legacy_id=42)
    ProductSnapshotFactory(legacy_id=70)
    (
        pact.upon_receiving("an order shipped in the shop", "Async")
        .given(feed.ORDER_SHIPPED, user_id=42, qty=2, prod_id=70)
        .with_body(
            feed.order_changed(status="S", ship_dt=legacy_timestamp("2025-06-02T14:00:00.000001")),
            content_type="application/json",
        )
        .with_metadata(event_metadata(feed.ORDER_CHANGED, subject=legacy_subject(1001)))
    )

    deliver(pact)

    order = Order.objects.get(legacy_id=1001)
    assert order.status == OrderStatus.SHIPPED and order.shipped_at is not None


def test_an_order_deleted_in_the_shop_is_deleted_here(pact: Pact) -> None:
    Order.objects.create(customer_id=CustomerSnapshotFactory().id, currency="GBP", legacy_id=1001)
    (
        pact.upon_receiving("an order deleted in the shop", "Async")
        .given(feed.ORDER_GONE, user_id=42, prod_id=70)
        .with_body(feed.deleted(1001), content_type="application/json")
        .with_metadata(event_metadata(feed.ORDER_DELETED, subject=legacy_subject(1001)))
    )

    deliver(pact)

    assert not Order.objects.filter(legacy_id=1001).exists()


# Snapshots, while the shop owns customers and products


def test_a_customer_changed_in_the_shop_becomes_a_snapshot(pact: Pact) -> None:
    (
        pact.upon_receiving("a change to a customer with a profile", "Async")
        .given(feed.CUSTOMER, user_id=42, username="dora")
        .with_body(feed.customer_changed(), content_type="application/json")
        .with_metadata(event_metadata(feed.CUSTOMER_CHANGED, subject=legacy_subject(42)))
    )

    deliver(pact)

    customer = CustomerSnapshot.objects.get(legacy_id=42)
    assert (customer.email, customer.name, customer.is_active) == (
        "dora@example.com",
        "Dora Jones",
        True,
    )


def test_a_customer_deleted_in_the_shop_can_no_longer_order(pact: Pact) -> None:
    CustomerSnapshotFactory(legacy_id=42)
    (
        pact.upon_receiving("a customer deleted in the shop", "Async")
        .given(feed.CUSTOMER_GONE, user_id=42, username="dora")
        .with_body(feed.deleted(42), content_type="application/json")
        .with_metadata(event_metadata(feed.CUSTOMER_DELETED, subject=legacy_subject(42)))
    )

    deliver(pact)

    assert CustomerSnapshot.objects.get(legacy_id=42).is_active is False


def test_a_product_changed_in_the_shop_becomes_a_snapshot(pact: Pact) -> None:
    (
        pact.upon_receiving("a change to a product", "Async")
        .given(feed.PRODUCT, prod_id=70, prod_code="TEA-1", cat_id=3)
        .with_body(feed.product_changed(), content_type="application/json")
        .with_metadata(event_metadata(feed.PRODUCT_CHANGED, subject=legacy_subject(70)))
    )

    deliver(pact)

    product = ProductSnapshot.objects.get(legacy_id=70)
    assert (product.sku, product.name, product.price, product.is_active) == (
        "TEA-1",
        "Teapot",
        Decimal("24.50"),
        True,
    )


def test_a_product_deleted_in_the_shop_can_no_longer_be_ordered(pact: Pact) -> None:
    ProductSnapshotFactory(legacy_id=70)
    (
        pact.upon_receiving("a product deleted in the shop", "Async")
        .given(feed.PRODUCT_GONE, prod_id=70, prod_code="TEA-1")
        .with_body(feed.deleted(70), content_type="application/json")
        .with_metadata(event_metadata(feed.PRODUCT_DELETED, subject=legacy_subject(70)))
    )

    deliver(pact)

    assert ProductSnapshot.objects.get(legacy_id=70).is_active is False
