"""Placing with bad input, cancelling (which gives the stock back), shipping and delivering."""

from __future__ import annotations

import uuid

import pytest
from django.test import override_settings

from extracted_services.orders.ordering.errors import OrderInvalid, OrderStateConflict
from extracted_services.orders.ordering.models import (
    Order,
    OrderSaga,
    OrderStatus,
    SagaKind,
    SagaState,
)
from extracted_services.orders.ordering.saga import sagas_resume_due
from extracted_services.orders.ordering.services import (
    order_cancel,
    order_link_legacy_id,
    order_mark_delivered,
    order_mark_shipped,
)

from .factories import CustomerSnapshotFactory, ProductSnapshotFactory

pytestmark = pytest.mark.django_db


def test_every_problem_with_a_request_is_reported_and_nothing_is_stored(place, teapot, stock):
    retired = ProductSnapshotFactory(is_active=False, name="Retired kettle")
    unknown = ProductSnapshotFactory.build()

    with pytest.raises(OrderInvalid) as excinfo:
        place(
            {teapot: 0, retired: 1, unknown: 1},
            shipping_address={
                "lines": ["1 High St"],
                "city": "Leeds",
                "postcode": "LS1",
                "country": "GB",
            },
        )

    errors = excinfo.value.errors
    assert errors["lines"] == [
        f"quantity of product {teapot.id} must be at least 1",
        f"product {retired.id} (Retired kettle) is no longer on sale",
        f"no product {unknown.id} is known to the orders service",
    ]
    assert errors["shipping_address"] == ["postcode: 'LS1' is not a UK postcode such as 'SW1A 1AA'"]
    assert Order.objects.count() == 0
    assert stock.calls == []


def test_a_deactivated_or_unknown_customer_cannot_order(place, teapot):
    gone = CustomerSnapshotFactory(is_active=False)
    with pytest.raises(OrderInvalid) as excinfo:
        place({teapot: 1}, customer_id=gone.id)
    assert excinfo.value.errors == {
        "customer_id": [f"customer {gone.id} is deactivated and cannot order"]
    }
    stranger = uuid.uuid4()
    with pytest.raises(OrderInvalid) as excinfo:
        place({teapot: 1}, customer_id=stranger)
    assert excinfo.value.errors == {
        "customer_id": [f"no customer {stranger} is known to the orders service"]
    }


def test_products_in_different_currencies_cannot_share_an_order(place, teapot):
    euro = ProductSnapshotFactory(currency="EUR")
    with pytest.raises(OrderInvalid, match="must share a currency, got EUR, GBP"):
        place({teapot: 1, euro: 1})


def test_cancelling_a_placed_order_gives_its_stock_back(place, stock, teapot):
    order = place({teapot: 2})
    assert stock.on_hand[teapot.id] == 3

    cancelled = order_cancel(order_id=order.id, stock=stock)

    assert cancelled.status == OrderStatus.CANCELLED
    assert cancelled.cancelled_at is not None
    assert stock.on_hand[teapot.id] == 5
    saga = OrderSaga.objects.get(order=order, kind=SagaKind.CANCELLATION)
    assert saga.state == SagaState.SUCCEEDED


def test_cancelling_twice_gives_the_stock_back_once(place, stock, teapot):
    order = place({teapot: 2})
    order_cancel(order_id=order.id, stock=stock)
    again = order_cancel(order_id=order.id, stock=stock)

    assert again.status == OrderStatus.CANCELLED
    assert stock.on_hand[teapot.id] == 5
    assert [name for name, _ in stock.calls].count("release") == 1


@override_settings(ORDERS={"SAGA_RETRY_BASE_SECONDS": 0})
def test_a_cancellation_while_the_products_service_is_down_releases_the_stock_later(
    place, stock, teapot
):
    order = place({teapot: 2})
    stock.down = True

    cancelled = order_cancel(order_id=order.id, stock=stock)

    assert cancelled.status == OrderStatus.CANCELLED
    saga = OrderSaga.objects.get(order=order, kind=SagaKind.CANCELLATION)
    assert saga.state == SagaState.RUNNING and saga.attempts == 1
    assert stock.on_hand[teapot.id] == 3

    stock.down = False
    sagas_resume_due(stock=stock)

    saga.refresh_from_db()
    assert saga.state == SagaState.SUCCEEDED
    assert stock.on_hand[teapot.id] == 5


def test_shipped_rejected_and_pending_orders_cannot_be_cancelled(place, stock, teapot):
    shipped = order_mark_shipped(order_id=place({teapot: 1}).id)
    with pytest.raises(OrderStateConflict, match="is shipped and cannot be cancelled"):
        order_cancel(order_id=shipped.id, stock=stock)

    rejected = place({teapot: 50})
    with pytest.raises(OrderStateConflict, match="is rejected and cannot be cancelled"):
        order_cancel(order_id=rejected.id, stock=stock)

    stock.down = True
    pending = place({teapot: 1})
    with pytest.raises(OrderStateConflict, match="is still being placed"):
        order_cancel(order_id=pending.id, stock=stock)
    assert stock.on_hand[teapot.id] == 4


def test_shipping_then_delivering_stamps_both_times(place, teapot):
    order = place({teapot: 1})

    shipped = order_mark_shipped(order_id=order.id)
    delivered = order_mark_delivered(order_id=order.id)

    assert shipped.status == OrderStatus.SHIPPED and shipped.shipped_at is not None
    assert delivered.status == OrderStatus.DELIVERED
    assert delivered.delivered_at >= shipped.shipped_at
    assert Order.objects.get(pk=order.id).status == OrderStatus.DELIVERED


def test_an_order_must_be_shipped_before_it_is_delivered(place, teapot):
    order = place({teapot: 1})
    with pytest.raises(OrderStateConflict, match="is placed and cannot be delivered"):
        order_mark_delivered(order_id=order.id)
    assert Order.objects.get(pk=order.id).delivered_at is None


def test_a_legacy_id_is_linked_once(place, teapot):
    first = place({teapot: 1})
    second = place({teapot: 1})

    assert order_link_legacy_id(order_id=first.id, legacy_id=77).legacy_id == 77
    assert order_link_legacy_id(order_id=first.id, legacy_id=77).legacy_id == 77
    with pytest.raises(OrderStateConflict, match="already has legacy id 77, not 78"):
        order_link_legacy_id(order_id=first.id, legacy_id=78)
    with pytest.raises(OrderStateConflict, match="legacy id 77 already belongs to another order"):
        order_link_legacy_id(order_id=second.id, legacy_id=77)
    assert Order.objects.get(pk=second.id).legacy_id is None
