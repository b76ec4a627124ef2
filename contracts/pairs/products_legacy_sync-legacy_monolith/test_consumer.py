"""What the products service's forward sync (`products-legacy-sync`) needs from the change feed.

Each message is applied by the consumer's registered handler, through the inbox, to the products
service's own database (these tests run under its settings), and what it leaves there is checked.
"""

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pact import Pact

from contracts.consumers import legacy_feed as feed
from contracts.messages import apply_messages, event_metadata, legacy_subject
from extracted_services.products.catalogue.models import Category, Product
from extracted_services.products.tests.factories import CategoryFactory, ProductFactory

CONSUMER, PROVIDER = "products_legacy_sync", "legacy_monolith"

pytestmark = pytest.mark.django_db


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def test_a_category_changed_in_the_shop_is_copied(pact: Pact) -> None:
    (
        pact.upon_receiving("a change to a category", "Async")
        .given(feed.CATEGORY, cat_id=3, slug="kitchen")
        .with_body(feed.category_changed(), content_type="application/json")
        .with_metadata(event_metadata(feed.CATEGORY_CHANGED, subject=legacy_subject(3)))
    )

    apply_messages(pact, "products-legacy-sync")

    category = Category.objects.get(legacy_id=3)
    assert (category.name, category.slug, category.visible) == ("Kitchen", "kitchen", True)


def test_a_category_deleted_in_the_shop_is_deleted_here(pact: Pact) -> None:
    CategoryFactory(legacy_id=3, slug="kitchen")
    (
        pact.upon_receiving("a category deleted in the shop", "Async")
        .given(feed.CATEGORY_GONE, cat_id=3, slug="kitchen")
        .with_body(feed.deleted(3), content_type="application/json")
        .with_metadata(event_metadata(feed.CATEGORY_DELETED, subject=legacy_subject(3)))
    )

    apply_messages(pact, "products-legacy-sync")

    assert not Category.objects.filter(legacy_id=3).exists()


def test_a_product_changed_in_the_shop_is_copied_with_its_stock(pact: Pact) -> None:
    kitchen = CategoryFactory(legacy_id=3, slug="kitchen")
    (
        pact.upon_receiving("a change to a product", "Async")
        .given(feed.PRODUCT, prod_id=70, prod_code="TEA-1", cat_id=3)
        .with_body(feed.product_changed(), content_type="application/json")
        .with_metadata(event_metadata(feed.PRODUCT_CHANGED, subject=legacy_subject(70)))
    )

    apply_messages(pact, "products-legacy-sync")

    product = Product.objects.get(legacy_id=70)
    assert (product.sku, product.name, product.category) == ("TEA-1", "Teapot", kitchen)
    assert (product.price_amount, product.stock, product.active) == (Decimal("24.50"), 5, True)


def test_a_product_deleted_in_the_shop_is_deleted_here(pact: Pact) -> None:
    ProductFactory(legacy_id=70, sku="TEA-1")
    (
        pact.upon_receiving("a product deleted in the shop", "Async")
        .given(feed.PRODUCT_GONE, prod_id=70, prod_code="TEA-1")
        .with_body(feed.deleted(70), content_type="application/json")
        .with_metadata(event_metadata(feed.PRODUCT_DELETED, subject=legacy_subject(70)))
    )

    apply_messages(pact, "products-legacy-sync")

    assert not Product.objects.filter(legacy_id=70).exists()
