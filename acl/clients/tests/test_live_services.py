"""Each client against its real service, served by gunicorn in its own process and database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from acl.clients import (
    ClientConfig,
    Conflict,
    InsufficientStock,
    NotFound,
    OrdersClient,
    ProductsClient,
    ServiceAuthError,
    UsersClient,
    ValidationFailed,
)

from .live import running_service

pytestmark = pytest.mark.slow

TEAPOT = "5d3b8c4e-1f0a-4c9e-9a57-3b8e2f6d7c10"
KITCHEN = "7a0d3b52-8e61-4f1c-9d2e-1b6f0c4a5e11"
CUSTOMER = "c6b7f1e2-3a4d-4e5f-8a9b-0c1d2e3f4a5b"
ADDRESS = {"lines": ["1 High Street"], "city": "Leeds", "postcode": "LS1 4AP", "country": None}


def _config(url: str) -> ClientConfig:
    return ClientConfig(base_url=url, attempts=2, backoff=0.05)


@pytest.fixture(scope="module")
def users_url(tmp_path_factory) -> Iterator[str]:
    with running_service("users", tmp_path_factory.mktemp("users")) as url:
        yield url


@pytest.fixture(scope="module")
def products_url(tmp_path_factory) -> Iterator[str]:
    with running_service("products", tmp_path_factory.mktemp("products")) as url:
        products = ProductsClient(_config(url))
        products.create_category(
            category={"id": KITCHEN, "name": "Kitchen", "slug": "kitchen", "legacy_id": 7},
            idempotency_key="seed-kitchen",
        )
        products.create_product(
            product={
                "id": TEAPOT,
                "legacy_id": 70,
                "sku": "TEA-1",
                "name": "Teapot",
                "price": {"amount": "24.50", "currency": "GBP"},
                "stock": 5,
                "category_id": KITCHEN,
            },
            idempotency_key="seed-teapot",
        )
        yield url


# The orders service learns customers and products from events; here they are seeded directly.
ORDERS_SEED = f"""
from decimal import Decimal
from django.utils import timezone
from extracted_services.orders.readmodels.models import CustomerSnapshot, ProductSnapshot
CustomerSnapshot.objects.create(id="{CUSTOMER}", legacy_id=42, email="alice@example.com",
                                name="Alice", source_changed_at=timezone.now())
ProductSnapshot.objects.create(id="{TEAPOT}", legacy_id=70, sku="TEA-1", name="Teapot",
                               price=Decimal("24.50"), currency="GBP",
                               source_changed_at=timezone.now())
"""


@pytest.fixture(scope="module")
def orders_url(tmp_path_factory, products_url) -> Iterator[str]:
    var = tmp_path_factory.mktemp("orders")
    env = {"PRODUCTS_SERVICE_URL": products_url}
    with running_service("orders", var, seed=ORDERS_SEED, env=env) as url:
        yield url


def test_users_client_against_the_users_service(users_url):
    users = UsersClient(_config(users_url))
    body = {
        "username": "alice",
        "email": "alice@example.com",
        "first_name": "Alice",
        "password": "a-much-better-secret-42",
        "legacy_id": 42,
        "address": ADDRESS,
    }
    created = users.create_customer(customer=body, idempotency_key="register-alice")
    again = users.create_customer(customer=body, idempotency_key="register-alice")
    assert again["id"] == created["id"]  # replayed, not a second customer
    users.create_customer(
        customer={"username": "bob", "email": "bob@example.com", "legacy_id": 43},
        idempotency_key="register-bob",
    )

    me = users.me(user_id=42)
    assert (me["username"], me["address"], me["newsletter"]) == ("alice", ADDRESS, False)

    changed = users.update_me(user_id=42, changes={"phone": "0113 496 0000", "newsletter": True})
    assert (changed["phone"], changed["newsletter"]) == ("0113 496 0000", True)
    assert users.customer_by_legacy_id(legacy_id=42)["phone"] == "0113 496 0000"

    with pytest.raises(Conflict) as taken:
        users.create_customer(customer={**body, "legacy_id": 44}, idempotency_key="again-alice")
    assert "username" in taken.value.body["errors"]

    with pytest.raises(ValidationFailed) as invalid:
        users.update_me(user_id=42, changes={"address": {"lines": [], "city": "", "postcode": "x"}})
    assert any(path.startswith("address") for path in invalid.value.errors)

    assert (
        users.check_credentials(username="alice", password="a-much-better-secret-42")["id"]
        == (created["id"])
    )
    assert users.check_credentials(username="alice", password="wrong") is None

    forged = UsersClient(_config(users_url), secret="not-the-secret-the-service-knows-0123")
    with pytest.raises(ServiceAuthError):
        forged.me(user_id=42)


def test_products_client_against_the_products_service(products_url):
    products = ProductsClient(_config(products_url))

    found = products.products(q="teap", active=True, page_size=10)
    assert [p["sku"] for p in found.results] == ["TEA-1"]
    teapot = products.product_by_legacy_id(legacy_id=70, active=True)
    assert (teapot["price"], teapot["category_legacy_id"]) == (
        {"amount": "24.50", "currency": "GBP"},
        7,
    )
    assert [c["slug"] for c in products.categories()] == ["kitchen"]
    assert products.stock(product_id=TEAPOT)["stock"] >= 0
    assert products.product_by_legacy_id(legacy_id=999) is None

    with pytest.raises(NotFound):
        products.product(product_id=str(uuid.uuid4()))
    with pytest.raises(ValidationFailed) as invalid:
        products.update_product(
            product_id=TEAPOT, changes={"price": {"amount": "1.001", "currency": "GBP"}}
        )
    assert "price" in invalid.value.errors


def test_orders_client_against_the_orders_and_products_services(orders_url, products_url):
    orders = OrdersClient(_config(orders_url))
    products = ProductsClient(_config(products_url))
    before = products.stock(product_id=TEAPOT)["stock"]

    placed = orders.place(
        user_id=42,
        lines=[{"product_id": TEAPOT, "quantity": 2}],
        shipping_address=ADDRESS,
        idempotency_key="checkout-live-1",
    )
    assert placed["status"] == "placed"
    assert placed["total"] == {"amount": "49.00", "currency": "GBP"}
    assert products.stock(product_id=TEAPOT)["stock"] == before - 2
    replay = orders.place(
        user_id=42,
        lines=[{"product_id": TEAPOT, "quantity": 2}],
        shipping_address=ADDRESS,
        idempotency_key="checkout-live-1",
    )
    assert replay["id"] == placed["id"]
    assert products.stock(product_id=TEAPOT)["stock"] == before - 2

    assert [o["id"] for o in orders.orders(user_id=42).results] == [placed["id"]]
    with pytest.raises(NotFound):
        orders.order(order_id=placed["id"], user_id=43)  # someone else's: not found

    with pytest.raises(InsufficientStock) as short:
        orders.place(
            user_id=42,
            lines=[{"product_id": TEAPOT, "quantity": 500}],
            shipping_address=ADDRESS,
            idempotency_key="checkout-live-2",
        )
    assert short.value.order["status"] == "rejected"

    cancelled = orders.cancel(order_id=placed["id"], user_id=42)
    assert cancelled["status"] == "cancelled"
    assert products.stock(product_id=TEAPOT)["stock"] == before

    with pytest.raises(Conflict):
        OrdersClient(_config(orders_url)).place(
            user_id=777,  # no such customer known to the orders service
            lines=[{"product_id": TEAPOT, "quantity": 1}],
            shipping_address=ADDRESS,
            idempotency_key="checkout-live-3",
        )
