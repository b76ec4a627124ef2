"""What the monolith needs from the products service: one interaction per call its client makes.

The consumer is `acl.clients.ProductsClient` (and reverse sync's legacy-id links), exactly as the
monolith's catalogue and checkout ports use it; each test also checks that the answer is enough
for the ACL to build the shop's own rows (`acl.products`).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pact import Pact, match

from acl.clients import Conflict, ProductsClient
from acl.clients.base import MONOLITH
from acl.products import category_to_legacy, product_to_legacy
from contracts.consumers.service_clients import client_for
from contracts.matchers import (
    empty_page,
    field_errors,
    money,
    page_of,
    problem,
    signed_identity,
    timestamp,
    uuid,
)
from legacy_monolith.reverse_sync.links import _ProductsLinks

CONSUMER, PROVIDER = "legacy_monolith", "products"

KITCHEN = "7a0d3b52-8e61-4f1c-9d2e-1b6f0c4a5e11"
TEAPOT = "5d3b8c4e-1f0a-4c9e-9a57-3b8e2f6d7c10"
NEW_CATEGORY = "2f6b0d1c-4e3a-4b5c-8d9e-0a1b2c3d4e5f"
NEW_PRODUCT = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"

# Provider states, named with their parameters.
CALLER_SERVICE = "the caller is the service {service}"
CATEGORY = "a category {slug} with id {id} and legacy id {legacy_id}"
PRODUCT = (
    "a product {sku} with id {id} and legacy id {legacy_id} in category {category_id}, "
    "{stock} in stock"
)
OFF_SALE = "a product {sku} with legacy id {legacy_id} in category {category_id}, off sale"
CATEGORY_HERE = "a category {slug} with id {id}, created here and not yet in the shop"
PRODUCT_HERE = (
    "a product {sku} with id {id} in category {category_id}, created here and not yet in the shop"
)


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def as_monolith(interaction: Any) -> Any:
    return interaction.given(CALLER_SERVICE, service="legacy_monolith").with_header(
        "Authorization", signed_identity()
    )


def with_kitchen(interaction: Any) -> Any:
    return interaction.given(CATEGORY, slug="kitchen", id=KITCHEN, legacy_id=7)


def with_teapot(interaction: Any, stock: int = 5) -> Any:
    return with_kitchen(interaction).given(
        PRODUCT, sku="TEA-1", id=TEAPOT, legacy_id=70, category_id=KITCHEN, stock=stock
    )


def category_body(**exact: Any) -> dict[str, Any]:
    return {
        "id": uuid(KITCHEN),
        "legacy_id": match.int(7),
        "name": match.str("Kitchen"),
        "slug": match.regex("kitchen", regex=r"^[-a-zA-Z0-9_]+$"),
        "visible": match.bool(True),
        "sort_order": match.int(1),
        **exact,
    }


def product_body(**exact: Any) -> dict[str, Any]:
    """A product in the clean vocabulary: what `acl.products.product_to_legacy` reads."""
    return {
        "id": uuid(TEAPOT),
        "legacy_id": match.int(70),
        "sku": match.str("TEA-1"),
        "name": match.str("Teapot"),
        "description": match.str("Brews four cups."),
        "price": money("24.50"),
        "stock": match.int(5),
        "category_id": uuid(KITCHEN),
        "category_legacy_id": match.int(7),
        "active": match.bool(True),
        "created_at": timestamp(),
        "updated_at": timestamp(),
        **exact,
    }


def _product_row(product: dict[str, Any]) -> dict[str, Any]:
    """The shop's row; the product carries its category's legacy id, so no id map is needed."""
    return dict(product_to_legacy(product=product))


# Catalogue reads (the storefront, the legacy API, checkout)


def test_every_category(pact: Pact) -> None:
    (
        as_monolith(
            with_kitchen(pact.upon_receiving("a request for every category")).with_request(
                "GET", "/api/v1/categories/"
            )
        )
        .with_query_parameters({"page": "1", "page_size": "100"})
        .will_respond_with(200)
        .with_body(page_of(category_body()), content_type="application/json")
    )
    with pact.serve() as srv, client_for(ProductsClient, srv.url) as (client, session):
        categories = client.categories()

    assert session.identity == MONOLITH
    assert [c["slug"] for c in categories] == ["kitchen"]
    assert category_to_legacy(category=categories[0])["visible_yn"] == "Y"


def test_one_category(pact: Pact) -> None:
    (
        as_monolith(
            with_kitchen(pact.upon_receiving("a request for the kitchen category")).with_request(
                "GET", f"/api/v1/categories/{KITCHEN}/"
            )
        )
        .will_respond_with(200)
        .with_body(category_body(id=KITCHEN), content_type="application/json")
    )
    with pact.serve() as srv, client_for(ProductsClient, srv.url) as (client, _):
        category = client.category(category_id=KITCHEN)

    assert category["id"] == KITCHEN and category["legacy_id"] == 7


def test_a_search_of_the_products_on_sale(pact: Pact) -> None:
    (
        as_monolith(
            with_teapot(pact.upon_receiving("a search for teapots on sale")).with_request(
                "GET", "/api/v1/products/"
            )
        )
        .with_query_parameters({"q": "tea", "active": "true", "page": "1", "page_size": "20"})
        .will_respond_with(200)
        .with_body(
            page_of(product_body(name=match.regex("Teapot", regex=r"(?i)^.*tea.*$"), active=True)),
            content_type="application/json",
        )
    )
    with pact.serve() as srv, client_for(ProductsClient, srv.url) as (client, _):
        found = client.products(q="tea", active=True, page=1, page_size=20)

    assert found.count == 1 and not found.has_next
    assert _product_row(found.results[0])["prod_name"] == "Teapot"


def test_the_products_on_sale_in_a_category(pact: Pact) -> None:
    (
        as_monolith(
            with_teapot(pact.upon_receiving("the products on sale in the kitchen")).with_request(
                "GET", "/api/v1/products/"
            )
        )
        .with_query_parameters(
            {"category": "kitchen", "active": "true", "page": "1", "page_size": "20"}
        )
        .will_respond_with(200)
        .with_body(
            page_of(product_body(category_id=KITCHEN, active=True)),
            content_type="application/json",
        )
    )
    with pact.serve() as srv, client_for(ProductsClient, srv.url) as (client, _):
        found = client.products(category="kitchen", active=True, page=1, page_size=20)

    assert _product_row(found.results[0])["cat_id"] == 7


def test_one_product(pact: Pact) -> None:
    (
        as_monolith(
            with_teapot(pact.upon_receiving("a request for the teapot")).with_request(
                "GET", f"/api/v1/products/{TEAPOT}/"
            )
        )
        .will_respond_with(200)
        .with_body(product_body(id=TEAPOT), content_type="application/json")
    )
    with pact.serve() as srv, client_for(ProductsClient, srv.url) as (client, _):
        product = client.product(product_id=TEAPOT)

    assert _product_row(product)["price_cents"] == 2450


def test_a_product_on_sale_by_its_shop_id(pact: Pact) -> None:
    (
        as_monolith(
            with_teapot(
                pact.upon_receiving("a lookup of the product on sale with legacy id 70")
            ).with_request("GET", "/api/v1/products/")
        )
        .with_query_parameters({"legacy_id": "70", "active": "true", "page": "1", "page_size": "1"})
        .will_respond_with(200)
        .with_body(
            page_of(product_body(legacy_id=70, active=True)), content_type="application/json"
        )
    )
    with pact.serve() as srv, client_for(ProductsClient, srv.url) as (client, _):
        product = client.product_by_legacy_id(legacy_id=70, active=True)

    assert product is not None and _product_row(product)["id"] == 70


def test_a_product_off_sale_is_not_found_by_its_shop_id(pact: Pact) -> None:
    (
        as_monolith(
            with_kitchen(
                pact.upon_receiving("a lookup of a product off sale by its legacy id")
            ).given(OFF_SALE, sku="OLD-1", legacy_id=71, category_id=KITCHEN)
        )
        .with_request("GET", "/api/v1/products/")
        .with_query_parameters({"legacy_id": "71", "active": "true", "page": "1", "page_size": "1"})
        .will_respond_with(200)
        .with_body(empty_page(), content_type="application/json")
    )
    with pact.serve() as srv, client_for(ProductsClient, srv.url) as (client, _):
        assert client.product_by_legacy_id(legacy_id=71, active=True) is None


def test_the_stock_of_a_product(pact: Pact) -> None:
    (
        as_monolith(with_teapot(pact.upon_receiving("a request for the teapot's stock"), stock=1))
        .with_request("GET", f"/api/v1/products/{TEAPOT}/stock/")
        .will_respond_with(200)
        .with_body(
            {
                "product_id": TEAPOT,
                "sku": match.str("TEA-1"),
                "stock": match.int(1),
                "held": match.int(0),
                "confirmed": match.int(0),
            },
            content_type="application/json",
        )
    )
    with pact.serve() as srv, client_for(ProductsClient, srv.url) as (client, _):
        stock = client.stock(product_id=TEAPOT)

    # Checkout tells the customer how many are left when the orders service refuses.
    assert stock["stock"] == 1


# Catalogue writes (backfill and sync tooling)


def test_a_new_category(pact: Pact) -> None:
    category = {"id": NEW_CATEGORY, "name": "Garden", "slug": "garden", "legacy_id": 8}
    (
        as_monolith(
            pact.upon_receiving("the creation of the garden category")
            .with_request("POST", "/api/v1/categories/")
            .with_header("Idempotency-Key", match.regex("category-8", regex=r"^\S{1,200}$"))
            .with_body(category, content_type="application/json")
        )
        .will_respond_with(201)
        .with_body(
            category_body(id=NEW_CATEGORY, legacy_id=8, name="Garden", slug="garden"),
            content_type="application/json",
        )
    )
    with pact.serve() as srv, client_for(ProductsClient, srv.url) as (client, _):
        created = client.create_category(category=category, idempotency_key="category-8")

    assert created["id"] == NEW_CATEGORY


def test_a_new_product(pact: Pact) -> None:
    product = {
        "id": NEW_PRODUCT,
        "legacy_id": 71,
        "sku": "MUG-1",
        "name": "Mug",
        "description": "Holds tea.",
        "price": {"amount": "6.00", "currency": "GBP"},
        "stock": 12,
        "category_id": KITCHEN,
    }
    (
        as_monolith(
            with_kitchen(pact.upon_receiving("the creation of the mug"))
            .with_request("POST", "/api/v1/products/")
            .with_header("Idempotency-Key", match.regex("product-71", regex=r"^\S{1,200}$"))
            .with_body(product, content_type="application/json")
        )
        .will_respond_with(201)
        .with_body(
            product_body(id=NEW_PRODUCT, legacy_id=71, sku="MUG-1", stock=12),
            content_type="application/json",
        )
    )
    with pact.serve() as srv, client_for(ProductsClient, srv.url) as (client, _):
        created = client.create_product(product=product, idempotency_key="product-71")

    assert created["sku"] == "MUG-1" and created["stock"] == 12


def test_a_new_product_with_a_taken_sku_is_a_conflict(pact: Pact) -> None:
    product = {
        "sku": "TEA-1",
        "name": "Another teapot",
        "price": {"amount": "20.00", "currency": "GBP"},
        "category_id": KITCHEN,
    }
    (
        as_monolith(
            with_teapot(pact.upon_receiving("the creation of a product with a taken SKU"))
            .with_request("POST", "/api/v1/products/")
            .with_header("Idempotency-Key", match.regex("product-x", regex=r"^\S{1,200}$"))
            .with_body(product, content_type="application/json")
        )
        .will_respond_with(409)
        .with_body(
            problem("catalogue-conflict", 409, errors=field_errors("sku")),
            content_type="application/problem+json",
        )
    )
    with (
        pact.serve() as srv,
        client_for(ProductsClient, srv.url) as (client, _),
        pytest.raises(Conflict) as refused,
    ):
        client.create_product(product=product, idempotency_key="product-x")

    assert "sku" in refused.value.body["errors"]


def test_a_product_change(pact: Pact) -> None:
    changes = {"price": {"amount": "22.00", "currency": "GBP"}, "active": False}
    (
        as_monolith(
            with_teapot(pact.upon_receiving("a new price for the teapot, taken off sale"))
            .with_request("PATCH", f"/api/v1/products/{TEAPOT}/")
            .with_body(changes, content_type="application/json")
        )
        .will_respond_with(200)
        .with_body(
            product_body(price=money("22.00"), active=False), content_type="application/json"
        )
    )
    with pact.serve() as srv, client_for(ProductsClient, srv.url) as (client, _):
        changed = client.update_product(product_id=TEAPOT, changes=changes)

    row = _product_row(changed)
    assert (row["price_cents"], row["active_yn"]) == (2200, "N")


# Reverse sync: the legacy ids the shop gave rows created in the service


def test_reverse_sync_links_the_shop_id_of_a_category_created_here(pact: Pact) -> None:
    (
        as_monolith(
            pact.upon_receiving("the shop id 9 of a category created in the service")
            .given(CATEGORY_HERE, slug="garden", id=NEW_CATEGORY)
            .with_request("PUT", f"/api/v1/categories/{NEW_CATEGORY}/legacy-id/")
            .with_body({"legacy_id": 9}, content_type="application/json")
        )
        .will_respond_with(200)
        .with_body(category_body(id=NEW_CATEGORY, legacy_id=9), content_type="application/json")
    )
    with pact.serve() as srv, client_for(_ProductsLinks, srv.url) as (client, session):
        client.link(path=f"/api/v1/categories/{NEW_CATEGORY}/legacy-id/", legacy_id=9)

    assert session.identity == MONOLITH


def test_reverse_sync_links_the_shop_id_of_a_product_created_here(pact: Pact) -> None:
    (
        as_monolith(
            with_kitchen(pact.upon_receiving("the shop id 72 of a product created in the service"))
            .given(PRODUCT_HERE, sku="JUG-1", id=NEW_PRODUCT, category_id=KITCHEN)
            .with_request("PUT", f"/api/v1/products/{NEW_PRODUCT}/legacy-id/")
            .with_body({"legacy_id": 72}, content_type="application/json")
        )
        .will_respond_with(200)
        .with_body(product_body(id=NEW_PRODUCT, legacy_id=72), content_type="application/json")
    )
    with pact.serve() as srv, client_for(_ProductsLinks, srv.url) as (client, session):
        client.link(path=f"/api/v1/products/{NEW_PRODUCT}/legacy-id/", legacy_id=72)

    assert session.identity == MONOLITH
