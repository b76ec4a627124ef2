"""Product writes: deactivate, activate and restock."""

import pytest

from legacy_monolith.catalogue.models import Product
from legacy_monolith.catalogue.services import (
    ProductChangeError,
    product_activate,
    product_deactivate,
    product_restock,
)
from legacy_monolith.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_deactivate_takes_the_product_off_sale():
    product = ProductFactory(active_yn="Y")

    returned = product_deactivate(product_id=product.pk)

    assert returned.active_yn == "N"
    assert not Product.objects.on_sale().filter(pk=product.pk).exists()


def test_activate_puts_the_product_back_on_sale():
    product = ProductFactory(active_yn="N")

    returned = product_activate(product_id=product.pk)

    assert returned.active_yn == "Y"
    assert Product.objects.on_sale().filter(pk=product.pk).exists()


def test_restock_adds_to_the_stock_on_hand():
    product = ProductFactory(qty_on_hand=3)

    returned = product_restock(product_id=product.pk, quantity=10)

    assert returned.qty_on_hand == 13
    assert Product.objects.get(pk=product.pk).qty_on_hand == 13


def test_restock_adds_to_stock_taken_since_the_product_was_read():
    product = ProductFactory(qty_on_hand=5)
    Product.objects.filter(pk=product.pk).update(qty_on_hand=1)  # a checkout meanwhile

    product_restock(product_id=product.pk, quantity=10)

    assert Product.objects.get(pk=product.pk).qty_on_hand == 11


@pytest.mark.parametrize("quantity", [0, -1, 1_000_001, 2.5, True])
def test_restock_refuses_quantities_that_are_not_a_sensible_whole_number(quantity):
    product = ProductFactory(qty_on_hand=3)

    with pytest.raises(ProductChangeError, match="restock quantity"):
        product_restock(product_id=product.pk, quantity=quantity)

    assert Product.objects.get(pk=product.pk).qty_on_hand == 3


def test_changing_an_unknown_product_raises_does_not_exist():
    with pytest.raises(Product.DoesNotExist):
        product_deactivate(product_id=999_999)
