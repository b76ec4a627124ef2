"""Order history and detail, only ever the customer's own, and cancelling with restock."""

import datetime

import pytest
from django.urls import reverse

from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import OrderFactory, OrderLineFactory, ProductFactory, UserFactory
from legacy_monolith.orders.models import Order, OrderStatus
from legacy_monolith.orders.services import order_place

pytestmark = pytest.mark.django_db


def test_history_lists_only_own_orders_newest_first(customer_client, customer):
    older = OrderFactory(cust=customer, total_cents=1299)
    newer = OrderFactory(cust=customer, total_cents=4550, status=OrderStatus.SHIPPED)
    someone_elses = OrderFactory(total_cents=9999)

    response = customer_client.get(reverse("storefront:order_list"))

    assert [order.pk for order in response.context["orders"]] == [newer.pk, older.pk]
    body = response.content.decode()
    assert f"Order #{older.pk}<" in body and "£12.99" in body
    assert "£45.50" in body and "Shipped" in body
    assert f"Order #{someone_elses.pk}<" not in body and "£99.99" not in body


def test_history_is_paginated(customer_client, customer, settings):
    settings.LEGACY_SHOP = {**settings.LEGACY_SHOP, "PAGE_SIZE": 2}
    orders = [OrderFactory(cust=customer) for _ in range(5)]

    page_three = customer_client.get(reverse("storefront:order_list"), {"page": 3})

    assert [order.pk for order in page_three.context["orders"]] == [orders[0].pk]
    assert "Page 3 of 3" in page_three.content.decode()


def test_history_needs_login(client):
    response = client.get(reverse("storefront:order_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("storefront:login"))


def test_order_detail_shows_lines_address_total_and_naive_time(customer_client, customer):
    lamp = ProductFactory(prod_name="Brass Lamp", price_cents=4999)
    order = OrderFactory(cust=customer, ship_addr="1 High St\nLondon", total_cents=9998)
    OrderLineFactory(order=order, prod=lamp, qty=2)
    # Stored as naive local time and shown as stored, without any conversion.
    Order.objects.filter(pk=order.pk).update(order_dt=datetime.datetime(2024, 7, 1, 23, 30))

    response = customer_client.get(reverse("storefront:order_detail", args=[order.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Brass Lamp" in body and "£49.99" in body and "£99.98" in body
    assert "1 High St<br>London" in body
    assert "1 Jul 2024, 23:30" in body
    assert "Cancel this order" in body


def test_someone_elses_order_is_404(customer_client):
    theirs = OrderFactory(cust=UserFactory(username="mallory"))

    detail = customer_client.get(reverse("storefront:order_detail", args=[theirs.pk]))
    cancel = customer_client.post(reverse("storefront:order_cancel", args=[theirs.pk]))

    assert detail.status_code == 404
    assert f"You have no order #{theirs.pk}." in detail.content.decode()
    assert cancel.status_code == 404
    assert Order.objects.get(pk=theirs.pk).status == OrderStatus.NEW


def test_cancel_unshipped_order_restocks(customer_client, customer):
    kettle = ProductFactory(qty_on_hand=5)
    mug = ProductFactory(qty_on_hand=3)
    order = order_place(
        customer=customer, quantities={kettle.pk: 2, mug.pk: 3}, ship_addr="1 High St"
    )

    response = customer_client.post(
        reverse("storefront:order_cancel", args=[order.pk]), follow=True
    )

    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("storefront:order_detail", args=[order.pk])
    assert f"Order #{order.pk} has been cancelled." in body
    assert "Cancel this order" not in body
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert Product.objects.get(pk=kettle.pk).qty_on_hand == 5
    assert Product.objects.get(pk=mug.pk).qty_on_hand == 3


def test_shipped_order_cannot_be_cancelled(customer_client, customer):
    kettle = ProductFactory(qty_on_hand=5)
    order = OrderFactory(cust=customer, status=OrderStatus.SHIPPED)
    OrderLineFactory(order=order, prod=kettle, qty=2)

    page = customer_client.get(reverse("storefront:order_detail", args=[order.pk]))
    response = customer_client.post(
        reverse("storefront:order_cancel", args=[order.pk]), follow=True
    )

    assert "Cancel this order" not in page.content.decode()
    assert "is shipped and can no longer be cancelled." in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.SHIPPED
    assert Product.objects.get(pk=kettle.pk).qty_on_hand == 5


def test_cancel_needs_post(customer_client, customer):
    order = OrderFactory(cust=customer)
    response = customer_client.get(reverse("storefront:order_cancel", args=[order.pk]))
    assert response.status_code == 405
    assert Order.objects.get(pk=order.pk).status == OrderStatus.NEW
