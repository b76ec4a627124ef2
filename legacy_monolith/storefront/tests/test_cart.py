"""The session cart: adding, changing, removing, emptying, and what the header shows."""

import pytest
from django.test import Client
from django.urls import reverse

from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import DEFAULT_PASSWORD, ProductFactory
from legacy_monolith.storefront.cart import MAX_LINE_QUANTITY, SESSION_KEY

pytestmark = pytest.mark.django_db


def _add(client, product, quantity=1, **kwargs):
    return client.post(
        reverse("storefront:cart_add", args=[product.pk]), {"quantity": quantity}, **kwargs
    )


def _cart(client) -> dict[str, int]:
    return client.session.get(SESSION_KEY, {})


def test_add_to_cart_shows_lines_totals_and_count(client):
    kettle = ProductFactory(prod_name="Kettle", price_cents=2500, qty_on_hand=10)
    mug = ProductFactory(prod_name="Mug", price_cents=450, qty_on_hand=10)

    _add(client, kettle, 2)
    _add(client, mug, 1)
    response = _add(client, mug, 2, follow=True)

    assert _cart(client) == {str(kettle.pk): 2, str(mug.pk): 3}
    body = response.content.decode()
    assert "Added 2 of Mug to your cart." in body
    assert "£50.00" in body  # 2 x £25.00
    assert "£13.50" in body  # 3 x £4.50
    assert "£63.50" in body  # total
    assert '<span class="badge" data-cart-count>5</span>' in body
    assert response.context["total_cents"] == 6350


def test_add_is_bounded_by_stock_and_says_so(client):
    lamp = ProductFactory(prod_name="Lamp", qty_on_hand=3)

    _add(client, lamp, 2)
    response = _add(client, lamp, 2, follow=True)

    assert _cart(client) == {str(lamp.pk): 3}
    assert "Only 3 of Lamp left: your cart holds 3." in response.content.decode()


def test_add_is_bounded_per_line(client):
    screws = ProductFactory(prod_name="Screws", qty_on_hand=500)

    _add(client, screws, MAX_LINE_QUANTITY)
    response = _add(client, screws, 1, follow=True)

    assert _cart(client) == {str(screws.pk): MAX_LINE_QUANTITY}
    assert f"You can buy at most {MAX_LINE_QUANTITY} of one product" in response.content.decode()


@pytest.mark.parametrize("quantity", ["0", "-1", "abc", "", str(MAX_LINE_QUANTITY + 1)])
def test_add_with_a_bad_quantity_is_400_and_adds_nothing(client, quantity):
    lamp = ProductFactory(prod_name="Lamp")

    response = _add(client, lamp, quantity)

    assert response.status_code == 400
    assert response.context["form"].errors["quantity"]
    assert "errorlist" in response.content.decode()
    assert _cart(client) == {}


def test_cannot_add_out_of_stock_or_withdrawn_products(client):
    sold_out = ProductFactory(prod_name="Sold Out Sofa", qty_on_hand=0)
    withdrawn = ProductFactory(active_yn="N")

    response = _add(client, sold_out, follow=True)
    assert "Sorry, Sold Out Sofa is out of stock." in response.content.decode()
    assert _add(client, withdrawn).status_code == 404
    assert _cart(client) == {}


def test_update_changes_quantity_and_zero_removes(client):
    kettle = ProductFactory(prod_name="Kettle", qty_on_hand=10)
    _add(client, kettle, 1)
    url = reverse("storefront:cart_update", args=[kettle.pk])

    response = client.post(url, {"quantity": 4}, follow=True)
    assert _cart(client) == {str(kettle.pk): 4}
    assert "Your cart now holds 4 of Kettle." in response.content.decode()

    response = client.post(url, {"quantity": 0}, follow=True)
    assert _cart(client) == {}
    assert "Removed Kettle from your cart." in response.content.decode()


def test_update_rejects_bad_quantity_on_the_cart_page(client):
    kettle = ProductFactory(qty_on_hand=10)
    _add(client, kettle, 2)

    response = client.post(reverse("storefront:cart_update", args=[kettle.pk]), {"quantity": "-3"})

    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert _cart(client) == {str(kettle.pk): 2}


def test_update_or_remove_of_a_product_not_in_the_cart_says_so(client):
    kettle = ProductFactory()
    for name in ("storefront:cart_update", "storefront:cart_remove"):
        response = client.post(reverse(name, args=[kettle.pk]), {"quantity": 1}, follow=True)
        assert "That product is not in your cart." in response.content.decode()
    assert _cart(client) == {}


def test_remove_and_clear(client):
    kettle, mug = ProductFactory(), ProductFactory()
    _add(client, kettle)
    _add(client, mug)

    client.post(reverse("storefront:cart_remove", args=[kettle.pk]))
    assert _cart(client) == {str(mug.pk): 1}

    response = client.post(reverse("storefront:cart_clear"), follow=True)
    assert _cart(client) == {}
    assert "Your cart is now empty." in response.content.decode()
    assert "Your cart is empty." in response.content.decode()


def test_cart_actions_need_post(client):
    kettle = ProductFactory()
    assert client.get(reverse("storefront:cart_add", args=[kettle.pk])).status_code == 405
    assert client.get(reverse("storefront:cart_clear")).status_code == 405


def test_products_withdrawn_after_adding_are_dropped_with_a_notice(client):
    kettle = ProductFactory(prod_name="Kettle", price_cents=2500)
    toaster = ProductFactory(prod_name="Toaster", price_cents=3000)
    _add(client, kettle)
    _add(client, toaster)
    Product.objects.filter(pk=toaster.pk).update(active_yn="N")

    home = client.get(reverse("storefront:home"))
    assert home.context["cart_count"]() == 1

    response = client.get(reverse("storefront:cart"))
    body = response.content.decode()
    assert "Toaster is no longer on sale and was removed from your cart." in body
    assert response.context["total_cents"] == 2500
    assert _cart(client) == {str(kettle.pk): 1}


def test_cart_warns_when_stock_dropped_below_the_cart_quantity(client):
    lamp = ProductFactory(prod_name="Lamp", qty_on_hand=5)
    _add(client, lamp, 4)
    Product.objects.filter(pk=lamp.pk).update(qty_on_hand=1)

    response = client.get(reverse("storefront:cart"))

    assert "You want 4 but only 1 is left." in response.content.decode()


def test_cart_survives_login(client, customer):
    kettle = ProductFactory()
    _add(client, kettle, 2)

    client.post(reverse("storefront:login"), {"username": "alice", "password": DEFAULT_PASSWORD})

    assert _cart(client) == {str(kettle.pk): 2}


def test_forms_carry_csrf_tokens_and_posts_without_one_are_refused(customer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    kettle = ProductFactory()

    assert (
        "csrfmiddlewaretoken"
        in client.get(reverse("storefront:product_detail", args=[kettle.pk])).content.decode()
    )
    assert _add(client, kettle).status_code == 403
    assert _cart(client) == {}
