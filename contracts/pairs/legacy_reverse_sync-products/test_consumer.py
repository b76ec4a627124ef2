"""What reverse sync (`legacy-reverse-sync`) needs from the products service's catalogue events.

Once the products service owns the catalogue, its categories, products and stock are written into
the shop's tables, translated by `acl.products`. Each message is applied by the registered
handler, through the inbox, to the shop's database, and the rows it leaves there are checked.
"""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pact import Pact, match

from acl.ids import Kind, legacy_uuid
from contracts.matchers import money, timestamp, uuid
from contracts.messages import apply_messages, event_metadata, uuid_subject
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.factories import CategoryFactory, ProductFactory
from legacy_monolith.reverse_sync.models import LegacyIdPair

CONSUMER, PROVIDER = "legacy_reverse_sync", "products"

GARDEN = "2f6b0d1c-4e3a-4b5c-8d9e-0a1b2c3d4e5f"
MUG = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"
# Rows that came from the shop keep the ids the ACL derives from their shop ids.
KITCHEN = str(legacy_uuid(Kind.CATEGORY, 3))
TEAPOT = str(legacy_uuid(Kind.PRODUCT, 70))

CATEGORY_CREATED = "category {slug} ({id}, legacy id {legacy_id}) created in the products service"
CATEGORY_RENAMED = (
    "category {slug} ({id}, legacy id {legacy_id}) renamed {name} in the products service"
)
PRODUCT_CREATED = "product {sku} ({id}, legacy id {legacy_id}) created in the products service"
PRODUCT_REPRICED = (
    "product {sku} ({id}, legacy id {legacy_id}) repriced to {price} in the products service"
)
PRODUCT_COUNTED = (
    "product {sku} ({id}, legacy id {legacy_id}) counted at {stock_count} in the products service"
)
LONG_AGO = datetime(2025, 1, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def category(**exact: Any) -> dict[str, Any]:
    return {
        "id": uuid(GARDEN),
        "legacy_id": None,
        "name": match.str("Garden"),
        "slug": match.regex("garden", regex=r"^[-a-zA-Z0-9_]+$"),
        "visible": match.bool(True),
        "sort_order": match.int(1),
        **exact,
    }


def product(**exact: Any) -> dict[str, Any]:
    """The whole product: what `acl.products.product_to_legacy` reads."""
    return {
        "id": uuid(MUG),
        "legacy_id": None,
        "sku": match.str("MUG-1"),
        "name": match.str("Teapot"),
        "description": match.str("Brews four cups."),
        "price": money("24.50"),
        "stock": match.int(5),
        "category_id": uuid(KITCHEN),
        "category_legacy_id": match.int(3),
        "active": match.bool(True),
        "created_at": timestamp("2025-06-01T09:30:00.412001Z"),
        "updated_at": timestamp("2025-06-01T09:30:00.412001Z"),
        **exact,
    }


def test_a_category_created_in_the_service_gets_a_shop_row(pact: Pact) -> None:
    (
        pact.upon_receiving("a category created, not yet in the shop", "Async")
        .given(CATEGORY_CREATED, slug="garden", id=GARDEN, legacy_id=None)
        .with_body(category(), content_type="application/json")
        .with_metadata(event_metadata("products.category.created.v1", subject=uuid_subject(GARDEN)))
    )

    apply_messages(pact, "legacy-reverse-sync")

    garden = Category.objects.get(slug="garden")
    assert (garden.cat_name, garden.visible_yn) == ("Garden", "Y")
    assert LegacyIdPair.objects.filter(
        kind=Kind.CATEGORY, uuid=GARDEN, legacy_id=garden.pk
    ).exists()


def test_a_renamed_category_is_renamed_in_the_shop(pact: Pact) -> None:
    CategoryFactory(id=3, slug="kitchen", cat_name="Kitchen")
    (
        pact.upon_receiving("a category of the shop renamed", "Async")
        .given(CATEGORY_RENAMED, slug="kitchen", id=KITCHEN, legacy_id=3, name="Cookware")
        .with_body(
            category(
                id=uuid(KITCHEN),
                legacy_id=match.int(3),
                name=match.str("Cookware"),
                slug="kitchen",
                changed=match.each_like(match.str("name")),
            ),
            content_type="application/json",
        )
        .with_metadata(
            event_metadata("products.category.updated.v1", subject=uuid_subject(KITCHEN))
        )
    )

    apply_messages(pact, "legacy-reverse-sync")

    assert Category.objects.get(pk=3).cat_name == "Cookware"


def test_a_product_created_in_the_service_gets_a_shop_row(pact: Pact) -> None:
    CategoryFactory(id=3, slug="kitchen")
    (
        pact.upon_receiving("a product created, not yet in the shop", "Async")
        .given(PRODUCT_CREATED, sku="MUG-1", id=MUG, legacy_id=None)
        .with_body(product(), content_type="application/json")
        .with_metadata(event_metadata("products.product.created.v1", subject=uuid_subject(MUG)))
    )

    apply_messages(pact, "legacy-reverse-sync")

    mug = Product.objects.get(prod_code="MUG-1")
    assert (mug.cat_id, mug.price_cents, mug.qty_on_hand, mug.active_yn) == (3, 2450, 5, "Y")
    assert LegacyIdPair.objects.filter(kind=Kind.PRODUCT, uuid=MUG, legacy_id=mug.pk).exists()


def test_a_new_price_reaches_the_shop(pact: Pact) -> None:
    _teapot_in_the_shop()
    (
        pact.upon_receiving("a product of the shop repriced", "Async")
        .given(PRODUCT_REPRICED, sku="TEA-1", id=TEAPOT, legacy_id=70, price="22.00")
        .with_body(
            product(
                id=uuid(TEAPOT),
                legacy_id=match.int(70),
                sku=match.str("TEA-1"),
                price=money("22.00"),
                changed=match.each_like(match.str("price")),
            ),
            content_type="application/json",
        )
        .with_metadata(event_metadata("products.product.updated.v1", subject=uuid_subject(TEAPOT)))
    )

    apply_messages(pact, "legacy-reverse-sync")

    assert Product.objects.get(pk=70).price_cents == 2200


def test_a_stock_count_reaches_the_shop(pact: Pact) -> None:
    _teapot_in_the_shop()
    (
        pact.upon_receiving("a stock count of a product of the shop", "Async")
        .given(PRODUCT_COUNTED, sku="TEA-1", id=TEAPOT, legacy_id=70, stock_count=12)
        .with_body(
            product(
                id=uuid(TEAPOT),
                legacy_id=match.int(70),
                sku=match.str("TEA-1"),
                stock=match.int(12),
                stock_change={
                    "delta": match.int(7),
                    "reason": match.regex("set", regex=r"^(reserved|released|set|adjusted)$"),
                    "note": match.str("stock count"),
                    "reservation_id": None,
                },
            ),
            content_type="application/json",
        )
        .with_metadata(
            event_metadata("products.product.stock_changed.v1", subject=uuid_subject(TEAPOT))
        )
    )

    apply_messages(pact, "legacy-reverse-sync")

    assert Product.objects.get(pk=70).qty_on_hand == 12


def _teapot_in_the_shop() -> None:
    ProductFactory(id=70, prod_code="TEA-1", cat=CategoryFactory(id=3, slug="kitchen"))
    Product.objects.filter(pk=70).update(modified_dt=LONG_AGO)
