"""Events commit with the writes they describe, and roll back with them (real transactions)."""

import pytest
from django.db import transaction

from legacy_monolith.catalogue.models import Product
from legacy_monolith.events.schemas import CUSTOMER_CHANGED, ORDER_CHANGED, PRODUCT_CHANGED
from legacy_monolith.factories import DEFAULT_PASSWORD, ProductFactory, UserFactory
from legacy_monolith.orders.models import Order
from legacy_monolith.orders.services import InsufficientStock, order_place
from messaging.models import OutboxEvent

from .support import forget_recorded, recorded, translated, types_and_subjects

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


class PaymentDeclined(Exception):
    pass


@pytest.fixture
def shop():
    customer = UserFactory(username="ada")
    kettle = ProductFactory(prod_name="Kettle", qty_on_hand=5, price_cents=2500)
    mug = ProductFactory(prod_name="Mug", qty_on_hand=3, price_cents=450)
    forget_recorded()
    return customer, kettle, mug


def test_a_checkout_records_the_order_and_each_product_stock_change(shop):
    customer, kettle, mug = shop

    order = order_place(
        customer=customer, quantities={kettle.pk: 2, mug.pk: 1}, ship_addr="1 Mill Lane\nBath"
    )

    events = recorded()
    assert [(e.type, e.subject, e.sequence) for e in events] == [
        (ORDER_CHANGED, str(order.pk), 1),  # the order row
        (ORDER_CHANGED, str(order.pk), 2),  # its lines
        (PRODUCT_CHANGED, str(kettle.pk), 2),
        (PRODUCT_CHANGED, str(mug.pk), 2),
        (ORDER_CHANGED, str(order.pk), 3),  # its total
    ]
    assert [translated(e)["stock"] for e in events[2:4]] == [3, 2]
    placed = translated(events[-1])
    assert placed["total"] == {"amount": "54.50", "currency": "GBP"}
    assert [(line["product_legacy_id"], line["quantity"]) for line in placed["lines"]] == [
        (kettle.pk, 2),
        (mug.pk, 1),
    ]
    assert OutboxEvent.objects.filter(status="pending").count() == 5


def test_a_checkout_rolled_back_after_its_writes_leaves_no_event(shop):
    customer, kettle, _ = shop

    with pytest.raises(PaymentDeclined), transaction.atomic():
        order_place(customer=customer, quantities={kettle.pk: 2}, ship_addr="1 Mill Lane\nBath")
        raise PaymentDeclined

    assert recorded() == []
    assert not Order.objects.exists()
    assert Product.objects.get(pk=kettle.pk).qty_on_hand == 5


def test_a_refused_checkout_records_nothing(shop):
    customer, kettle, mug = shop

    with pytest.raises(InsufficientStock):
        order_place(customer=customer, quantities={kettle.pk: 1, mug.pk: 9}, ship_addr="Bath")

    assert recorded() == []
    assert not Order.objects.exists()


def test_a_sign_in_records_the_new_last_login_in_its_own_transaction(client):
    user = UserFactory(username="ada")
    forget_recorded()

    assert client.login(username="ada", password=DEFAULT_PASSWORD)

    user.refresh_from_db()
    events = recorded()
    assert [(e.type, e.subject) for e in events] == [(CUSTOMER_CHANGED, str(user.pk))]
    assert events[0].data["user"]["last_login"] == user.last_login.isoformat()
    assert translated(events[0])["last_login_at"].endswith("Z")


def test_a_plain_save_outside_any_transaction_commits_with_its_event():
    product = ProductFactory(prod_name="Kettle")
    forget_recorded()

    product.prod_name = "Kettle, copper"
    product.save()

    assert types_and_subjects() == [(PRODUCT_CHANGED, str(product.pk))]
    assert recorded()[0].data["prod_name"] == "Kettle, copper"
