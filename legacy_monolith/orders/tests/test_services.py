import threading

import pytest
from django.db import connection

from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import OrderFactory, OrderLineFactory, ProductFactory, UserFactory
from legacy_monolith.orders.models import Order, OrderLine, OrderStatus
from legacy_monolith.orders.services import (
    CheckoutError,
    InsufficientStock,
    OrderNotCancellable,
    order_cancel,
    order_place,
)

pytestmark = pytest.mark.django_db


def test_checkout_creates_order_lines_and_takes_stock():
    customer = UserFactory()
    kettle = ProductFactory(price_cents=2500, qty_on_hand=5)
    mug = ProductFactory(price_cents=450, qty_on_hand=3)

    order = order_place(
        customer=customer, quantities={kettle.pk: 2, mug.pk: 1}, ship_addr="1 High St"
    )

    assert order.total_cents == 2 * 2500 + 450
    assert order.status == OrderStatus.NEW
    assert [(line.prod_id, line.qty) for line in order.lines.all()] == [(kettle.pk, 2), (mug.pk, 1)]
    kettle.refresh_from_db()
    mug.refresh_from_db()
    assert (kettle.qty_on_hand, mug.qty_on_hand) == (3, 2)


def test_checkout_with_insufficient_stock_leaves_nothing_behind():
    customer = UserFactory()
    plenty = ProductFactory(qty_on_hand=10)
    scarce = ProductFactory(prod_name="Last Lamp", qty_on_hand=1)

    with pytest.raises(InsufficientStock, match="Last Lamp \\(wanted 2, 1 left\\)"):
        order_place(
            customer=customer, quantities={plenty.pk: 3, scarce.pk: 2}, ship_addr="1 High St"
        )

    assert Order.objects.count() == 0
    assert OrderLine.objects.count() == 0
    assert Product.objects.get(pk=plenty.pk).qty_on_hand == 10
    assert Product.objects.get(pk=scarce.pk).qty_on_hand == 1


def test_checkout_refuses_empty_cart_and_missing_address():
    customer = UserFactory()
    product = ProductFactory()
    with pytest.raises(CheckoutError, match="empty"):
        order_place(customer=customer, quantities={}, ship_addr="1 High St")
    with pytest.raises(CheckoutError, match="address"):
        order_place(customer=customer, quantities={product.pk: 1}, ship_addr="  ")


def test_checkout_refuses_inactive_products():
    product = ProductFactory(active_yn="N")
    with pytest.raises(CheckoutError, match="No longer on sale"):
        order_place(customer=UserFactory(), quantities={product.pk: 1}, ship_addr="1 High St")


def test_cancel_restocks_and_marks_cancelled():
    line = OrderLineFactory(qty=2, prod=ProductFactory(qty_on_hand=0))

    order = order_cancel(order_id=line.order_id)

    assert order.status == OrderStatus.CANCELLED
    assert Product.objects.get(pk=line.prod_id).qty_on_hand == 2


def test_shipped_order_cannot_be_cancelled_and_keeps_its_stock():
    line = OrderLineFactory(
        order=OrderFactory(status=OrderStatus.SHIPPED), prod=ProductFactory(qty_on_hand=0)
    )

    with pytest.raises(OrderNotCancellable, match="shipped"):
        order_cancel(order_id=line.order_id)

    assert Product.objects.get(pk=line.prod_id).qty_on_hand == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_checkouts_of_the_last_item_exactly_one_wins():
    last_one = ProductFactory(qty_on_hand=1)
    customers = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(len(customers))
    outcomes: list[str] = []

    def checkout(customer):
        try:
            barrier.wait()
            order_place(customer=customer, quantities={last_one.pk: 1}, ship_addr="1 High St")
            outcomes.append("won")
        except InsufficientStock:
            outcomes.append("out of stock")
        finally:
            connection.close()

    threads = [threading.Thread(target=checkout, args=(c,)) for c in customers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["out of stock", "won"]
    assert Order.objects.count() == 1
    assert Product.objects.get(pk=last_one.pk).qty_on_hand == 0
