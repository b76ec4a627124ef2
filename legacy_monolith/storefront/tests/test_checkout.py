"""Checkout: the order, its lines and the stock, or nothing at all with a clear message."""

import pytest
from django.urls import reverse

from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import ProductFactory
from legacy_monolith.orders.models import Order, OrderLine, OrderStatus
from legacy_monolith.storefront.cart import SESSION_KEY

pytestmark = pytest.mark.django_db


def _fill_cart(client, *product_quantities):
    for product, quantity in product_quantities:
        client.post(reverse("storefront:cart_add", args=[product.pk]), {"quantity": quantity})


def test_anonymous_checkout_redirects_to_login(client):
    kettle = ProductFactory()
    _fill_cart(client, (kettle, 1))

    response = client.get(reverse("storefront:checkout"))

    assert response.status_code == 302
    assert response.url == f"{reverse('storefront:login')}?next={reverse('storefront:checkout')}"
    assert client.post(reverse("storefront:checkout"), {"ship_addr": "1 A St"}).status_code == 302
    assert Order.objects.count() == 0


def test_checkout_prefills_the_profile_address(customer_client, customer):
    kettle = ProductFactory(price_cents=2500)
    _fill_cart(customer_client, (kettle, 2))

    response = customer_client.get(reverse("storefront:checkout"))

    assert response.status_code == 200
    assert response.context["form"]["ship_addr"].value() == customer.profile.addr
    assert "Place order · £50.00" in response.content.decode()


def test_checkout_success_creates_order_takes_stock_and_empties_cart(customer_client, customer):
    kettle = ProductFactory(prod_name="Kettle", price_cents=2500, qty_on_hand=5)
    mug = ProductFactory(prod_name="Mug", price_cents=450, qty_on_hand=3)
    _fill_cart(customer_client, (kettle, 2), (mug, 1))

    response = customer_client.post(
        reverse("storefront:checkout"),
        {"ship_addr": "  7 Quay Street \n\n Bristol\nBS1 4DJ"},
        follow=True,
    )

    order = Order.objects.get()
    assert response.redirect_chain[-1][0] == reverse("storefront:order_detail", args=[order.pk])
    body = response.content.decode()
    assert f"Thank you! Your order #{order.pk} has been placed." in body
    assert "£54.50" in body
    assert order.cust == customer
    assert order.status == OrderStatus.NEW
    assert order.ship_addr == "7 Quay Street\nBristol\nBS1 4DJ"
    assert order.total_cents == 2 * 2500 + 450
    assert [(line.prod_id, line.qty, line.unit_price_cents) for line in order.lines.all()] == [
        (kettle.pk, 2, 2500),
        (mug.pk, 1, 450),
    ]
    assert Product.objects.get(pk=kettle.pk).qty_on_hand == 3
    assert Product.objects.get(pk=mug.pk).qty_on_hand == 2
    assert customer_client.session.get(SESSION_KEY) is None
    assert '<span class="badge" data-cart-count>0</span>' in body


def test_checkout_with_insufficient_stock_leaves_nothing_and_explains(customer_client):
    plenty = ProductFactory(prod_name="Bowl", qty_on_hand=10)
    scarce = ProductFactory(prod_name="Last Lamp", qty_on_hand=3)
    _fill_cart(customer_client, (plenty, 2), (scarce, 3))
    # Someone else buys two lamps while this customer is checking out.
    Product.objects.filter(pk=scarce.pk).update(qty_on_hand=1)

    response = customer_client.post(
        reverse("storefront:checkout"), {"ship_addr": "1 High St\nLondon"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("storefront:cart")
    assert "Not enough stock for: Last Lamp (wanted 3, 1 left)" in response.content.decode()
    assert Order.objects.count() == 0
    assert OrderLine.objects.count() == 0
    assert Product.objects.get(pk=plenty.pk).qty_on_hand == 10
    assert Product.objects.get(pk=scarce.pk).qty_on_hand == 1
    # The cart is kept so the customer can adjust it.
    assert customer_client.session[SESSION_KEY] == {str(plenty.pk): 2, str(scarce.pk): 3}


def test_checkout_needs_an_address(customer_client):
    kettle = ProductFactory(qty_on_hand=5)
    _fill_cart(customer_client, (kettle, 1))

    response = customer_client.post(reverse("storefront:checkout"), {"ship_addr": " \n "})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Order.objects.count() == 0
    assert Product.objects.get(pk=kettle.pk).qty_on_hand == 5


def test_checkout_with_an_empty_cart_goes_back_to_the_cart(customer_client):
    response = customer_client.post(
        reverse("storefront:checkout"), {"ship_addr": "1 High St"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("storefront:cart")
    assert "Your cart is empty: add something before checking out." in response.content.decode()
    assert Order.objects.count() == 0


def test_checkout_stops_when_a_product_was_withdrawn(customer_client):
    kettle = ProductFactory(prod_name="Kettle", qty_on_hand=5)
    toaster = ProductFactory(prod_name="Toaster", qty_on_hand=5)
    _fill_cart(customer_client, (kettle, 1), (toaster, 1))
    Product.objects.filter(pk=toaster.pk).update(active_yn="N")

    response = customer_client.post(
        reverse("storefront:checkout"), {"ship_addr": "1 High St"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("storefront:cart")
    assert "Toaster is no longer on sale and was removed from your cart." in (
        response.content.decode()
    )
    assert Order.objects.count() == 0
    assert customer_client.session[SESSION_KEY] == {str(kettle.pk): 1}
