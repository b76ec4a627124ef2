"""Sync both ways between the legacy shop and the products service, each in its own processes.

Forward: a legacy admin edit -> the monolith's outbox -> its relay -> RabbitMQ ->
`products-legacy-sync` -> the products service. Reverse: a products API write -> the
service's outbox -> its relay -> `legacy-reverse-sync` -> the legacy tables and admin. Neither
side records an event for what it applied, so nothing comes back (no ping-pong).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import override_settings

from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import CategoryFactory, ProductFactory, StaffFactory
from messaging.models import OutboxEvent
from messaging.tests.support import wait_until

from .stack import Service, Stack

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.rabbitmq,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(90),
]

LEGACY_PRODUCT_CHANGED = "legacy.catalogue.product.changed.v1"
# Long enough for a bounced event to cross both relays and consumers, which take ~0.2 s.
QUIET_SECONDS = 2.0


def service_product(products: Service, legacy_id: int) -> dict[str, Any] | None:
    found = products.call("GET", "/api/v1/products/", params={"legacy_id": legacy_id}).json()
    return found["results"][0] if found["results"] else None


def service_events(products: Service) -> list[tuple[str, str]]:
    """(type, subject) of every event the products service recorded, oldest first."""
    return products.query("SELECT type, aggregate_id FROM messaging_outbox ORDER BY id")


def legacy_events(product: Product) -> int:
    return OutboxEvent.objects.filter(type=LEGACY_PRODUCT_CHANGED, aggregate_id=product.pk).count()


def a_synced_product(products: Service, **fields: Any) -> Product:
    """A product made in the legacy shop and waited for until forward sync copied it.

    Each test has its own category: the service's database outlives the legacy one's flush.
    """
    product = ProductFactory(
        cat=CategoryFactory(slug=f"for-{fields['prod_code'].lower()}"), **fields
    )
    wait_until(
        lambda: service_product(products, product.pk), timeout=20, what="forward sync of a product"
    )
    return product


def test_a_legacy_admin_edit_reaches_the_products_service_and_nothing_comes_back(
    products_stack: Stack, client
):
    products = products_stack.services["products"]
    product = a_synced_product(products, prod_code="TEA-001", prod_name="Teapot", price_cents=1299)
    client.force_login(StaffFactory())

    response = client.post(
        f"/admin/catalogue/product/{product.pk}/change/",
        {
            "prod_code": "TEA-001",
            "prod_name": "Brown Betty teapot",
            "cat": product.cat_id,
            "descr": "Holds six cups.",
            "price_cents": "2450",
            "qty_on_hand": "7",
            "active_yn": "Y",
            "_save": "Save",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    copy = wait_until(
        lambda: (
            (found := service_product(products, product.pk))
            and found["name"] == "Brown Betty teapot"
            and found
        ),
        timeout=20,
        what="the admin edit to reach the products service",
    )
    assert copy["price"] == {"amount": "24.50", "currency": "GBP"}
    assert (copy["stock"], copy["description"]) == (7, "Holds six cups.")
    time.sleep(QUIET_SECONDS)
    # Forward sync applies silently: the service recorded nothing to send back...
    assert service_events(products) == []
    # ...so the legacy shop holds exactly its own two writes: the factory's and the admin's.
    assert legacy_events(product) == 2
    assert Product.objects.get(pk=product.pk).prod_name == "Brown Betty teapot"


def test_a_products_api_write_reaches_the_legacy_tables_and_admin_and_nothing_comes_back(
    products_stack: Stack, client
):
    products = products_stack.services["products"]
    product = a_synced_product(products, prod_code="MUG-001", prod_name="Mug", price_cents=800)
    copy = service_product(products, product.pk)
    assert copy is not None
    written_by_legacy = legacy_events(product)

    response = products.call(
        "PATCH",
        f"/api/v1/products/{copy['id']}/",
        json={"name": "Striped mug", "price": {"amount": "9.75", "currency": "GBP"}},
    )

    assert response.status_code == 200, response.text
    wait_until(
        lambda: Product.objects.get(pk=product.pk).prod_name == "Striped mug",
        timeout=20,
        what="reverse sync of the products service's write",
    )
    row = Product.objects.get(pk=product.pk)
    assert (row.price_cents, row.prod_code) == (975, "MUG-001")
    client.force_login(StaffFactory())
    with override_settings(STRANGLER_STAGES={"users": "legacy", "products": "writes-new"}):
        page = client.get(f"/admin/catalogue/product/{product.pk}/change/")
    assert page.status_code == 200
    assert "Striped mug" in page.content.decode()
    assert "owned by the products service" in page.content.decode()
    time.sleep(QUIET_SECONDS)
    # Reverse sync writes with the change feed suppressed: no legacy event, nothing forwarded.
    assert legacy_events(product) == written_by_legacy
    assert service_events(products) == [("products.product.updated.v1", copy["id"])]


def test_a_product_created_in_the_service_gets_a_legacy_row_and_learns_its_id(
    products_stack: Stack,
):
    products = products_stack.services["products"]
    legacy_born = a_synced_product(products, prod_code="POT-001")
    category = service_product(products, legacy_born.pk)
    assert category is not None

    response = products.call(
        "POST",
        "/api/v1/products/",
        json={
            "sku": "NEW-001",
            "name": "Milk jug",
            "description": "",
            "price": {"amount": "8.50", "currency": "GBP"},
            "stock": 4,
            "category_id": category["category_id"],
        },
        headers={"Idempotency-Key": "e2e-new-product"},
    )

    assert response.status_code == 201, response.text
    created = response.json()
    row = wait_until(
        lambda: Product.objects.filter(prod_code="NEW-001").first(),
        timeout=20,
        what="reverse sync to insert the new product",
    )
    assert (row.prod_name, row.price_cents, row.qty_on_hand, row.cat_id) == (
        "Milk jug",
        850,
        4,
        legacy_born.cat_id,
    )
    linked = wait_until(
        lambda: products.call("GET", f"/api/v1/products/{created['id']}/").json()["legacy_id"],
        timeout=20,
        what="the products service to learn the legacy id",
    )
    assert linked == row.pk
    time.sleep(QUIET_SECONDS)
    assert legacy_events(row) == 0
