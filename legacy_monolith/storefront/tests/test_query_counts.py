"""List pages cost the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from legacy_monolith.factories import OrderFactory, OrderLineFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add_orders(customer, count: int) -> None:
    for _ in range(count):
        OrderLineFactory.create_batch(2, order=OrderFactory(cust=customer))


def test_order_history_queries_do_not_grow_with_orders(customer_client, customer):
    _add_orders(customer, 1)
    few = _queries_for(customer_client, reverse("storefront:order_list"))
    _add_orders(customer, 6)
    many = _queries_for(customer_client, reverse("storefront:order_list"))
    assert many == few


def test_product_list_and_cart_queries_do_not_grow_with_products(client):
    ProductFactory()
    few_list = _queries_for(client, reverse("storefront:product_list"))
    products = ProductFactory.create_batch(8)
    many_list = _queries_for(client, reverse("storefront:product_list"))
    assert many_list == few_list

    client.post(reverse("storefront:cart_add", args=[products[0].pk]))
    few_cart = _queries_for(client, reverse("storefront:cart"))
    for product in products[1:]:
        client.post(reverse("storefront:cart_add", args=[product.pk]))
    many_cart = _queries_for(client, reverse("storefront:cart"))
    assert many_cart == few_cart
