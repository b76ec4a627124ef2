"""What the monolith needs from the orders service: one interaction per call its client makes.

The consumer is `acl.clients.OrdersClient` (and reverse sync's legacy-id link), exactly as the
checkout, order history and cancellation ports use it; each test also checks that the answer is
enough for the ACL to build the shop's own rows (`acl.orders.order_to_legacy`).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pact import Pact, match

from acl.clients import Conflict, InsufficientStock, NotFound, OrdersClient, ValidationFailed
from acl.clients.base import MONOLITH
from acl.orders import order_to_legacy
from contracts.consumers.service_clients import client_for
from contracts.matchers import (
    field_errors,
    money,
    page_of,
    problem,
    signed_identity,
    timestamp,
    uuid,
)
from extracted_services.service_defaults.identity import Identity
from legacy_monolith.reverse_sync.links import _OrdersLinks

CONSUMER, PROVIDER = "legacy_monolith", "orders"

DORA = "0c3a9a5e-7d4b-4a51-9a3e-2f1d6c8b7a01"
ERIN = "5b2e8f0a-6c1d-4e3f-8a7b-9c0d1e2f3a4b"
TEAPOT = "5d3b8c4e-1f0a-4c9e-9a57-3b8e2f6d7c10"
UNKNOWN_PRODUCT = "1f2e3d4c-5b6a-4798-8a6b-5c4d3e2f1a0b"
ORDER = "b4d1e2f3-0a9b-4c8d-9e7f-6a5b4c3d2e1f"
ADDRESS = {"lines": ["1 High Street"], "city": "Leeds", "postcode": "LS1 4AP", "country": "GB"}
LINES = [{"product_id": TEAPOT, "quantity": 2}]

# Provider states, named with their parameters.
CALLER_SERVICE = "the caller is the service {service}"
CALLER_CUSTOMER = "the caller is the customer with legacy id {legacy_id}"
CUSTOMER = "the orders service knows customer {legacy_id} as {id}"
PRODUCT = "the orders service knows product {sku} ({id}, legacy id {legacy_id}), {stock} in stock"
EXISTING_ORDER = (
    "order {id} with legacy id {legacy_id} of customer {customer_legacy_id} for two of "
    "product {product_id} is {status}"
)


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def as_customer(interaction: Any, legacy_id: int = 42) -> Any:
    return interaction.given(CALLER_CUSTOMER, legacy_id=legacy_id).with_header(
        "Authorization", signed_identity()
    )


def as_monolith(interaction: Any) -> Any:
    return interaction.given(CALLER_SERVICE, service="legacy_monolith").with_header(
        "Authorization", signed_identity()
    )


def with_dora_and_teapot(interaction: Any, stock: int = 5) -> Any:
    return interaction.given(CUSTOMER, legacy_id=42, id=DORA).given(
        PRODUCT, sku="TEA-1", id=TEAPOT, legacy_id=70, stock=stock
    )


def with_order(interaction: Any, status: str, *, customer_legacy_id: int = 42) -> Any:
    return with_dora_and_teapot(interaction).given(
        EXISTING_ORDER,
        id=ORDER,
        legacy_id=1001,
        customer_legacy_id=customer_legacy_id,
        product_id=TEAPOT,
        status=status,
    )


def order_body(*, status: Any, **exact: Any) -> dict[str, Any]:
    """An order in the clean vocabulary: what `acl.orders.order_to_legacy` reads."""
    body = {
        "id": uuid(ORDER),
        "legacy_id": match.int(1001),
        "customer_id": uuid(DORA),
        "customer_legacy_id": match.int(42),
        "status": status,
        "rejection_reason": match.str(""),
        "total": money("49.00"),
        "shipping_address": {
            "lines": match.each_like(match.str("1 High Street")),
            "city": match.str("Leeds"),
            "postcode": match.str("LS1 4AP"),
            "country": match.str("GB"),
        },
        "lines": match.each_like(
            {
                "id": uuid("3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"),
                "legacy_id": None,
                "product_id": uuid(TEAPOT),
                "product_legacy_id": match.int(70),
                "sku": match.str("TEA-1"),
                "name": match.str("Teapot"),
                "quantity": match.int(2),
                "unit_price": money("24.50"),
                "total": money("49.00"),
            }
        ),
        "created_at": timestamp(),
        "placed_at": timestamp(),
        "shipped_at": None,
        "delivered_at": None,
        "cancelled_at": None,
        "updated_at": timestamp(),
    }
    body.update(exact)
    return body


def _legacy_rows(order: dict[str, Any]) -> Any:
    return order_to_legacy(order=order)


# Checkout


def test_a_checkout(pact: Pact) -> None:
    (
        as_customer(
            with_dora_and_teapot(pact.upon_receiving("a checkout of two teapots"))
            .with_request("POST", "/api/v1/orders/")
            .with_header("Idempotency-Key", match.regex("checkout-1", regex=r"^\S{1,200}$"))
            .with_body(
                {"lines": LINES, "shipping_address": ADDRESS}, content_type="application/json"
            )
        )
        .will_respond_with(201)
        # Placed here: the shop's order number comes later, from reverse sync.
        .with_body(order_body(status="placed", legacy_id=None), content_type="application/json")
    )
    with pact.serve() as srv, client_for(OrdersClient, srv.url) as (client, session):
        order = client.place(
            user_id=42, lines=LINES, shipping_address=ADDRESS, idempotency_key="checkout-1"
        )

    assert session.identity == Identity(kind="user", subject="42")
    assert order["status"] == "placed" and order["legacy_id"] is None
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [("TEA-1", 2)]


def test_a_checkout_of_more_than_is_in_stock_is_rejected(pact: Pact) -> None:
    (
        as_customer(
            with_dora_and_teapot(
                pact.upon_receiving("a checkout of two teapots when one is left"), stock=1
            )
            .with_request("POST", "/api/v1/orders/")
            .with_header("Idempotency-Key", match.regex("checkout-2", regex=r"^\S{1,200}$"))
            .with_body(
                {"lines": LINES, "shipping_address": ADDRESS}, content_type="application/json"
            )
        )
        .will_respond_with(409)
        .with_body(
            problem(
                "order-rejected",
                409,
                order=order_body(
                    status="rejected",
                    legacy_id=None,
                    rejection_reason=match.str("not enough stock for TEA-1"),
                    placed_at=None,
                ),
            ),
            content_type="application/problem+json",
        )
    )
    with (
        pact.serve() as srv,
        client_for(OrdersClient, srv.url) as (client, _),
        pytest.raises(InsufficientStock) as refused,
    ):
        client.place(
            user_id=42, lines=LINES, shipping_address=ADDRESS, idempotency_key="checkout-2"
        )

    assert refused.value.order is not None and refused.value.order["status"] == "rejected"


def test_a_checkout_of_a_product_the_service_does_not_know_is_refused(pact: Pact) -> None:
    lines = [{"product_id": UNKNOWN_PRODUCT, "quantity": 1}]
    (
        as_customer(
            with_dora_and_teapot(pact.upon_receiving("a checkout of a product not yet synced"))
            .with_request("POST", "/api/v1/orders/")
            .with_header("Idempotency-Key", match.regex("checkout-3", regex=r"^\S{1,200}$"))
            .with_body(
                {"lines": lines, "shipping_address": ADDRESS}, content_type="application/json"
            )
        )
        .will_respond_with(400)
        .with_body(
            problem("validation-error", 400, errors=field_errors("lines")),
            content_type="application/problem+json",
        )
    )
    with (
        pact.serve() as srv,
        client_for(OrdersClient, srv.url) as (client, _),
        pytest.raises(ValidationFailed) as refused,
    ):
        client.place(
            user_id=42, lines=lines, shipping_address=ADDRESS, idempotency_key="checkout-3"
        )

    assert list(refused.value.errors) == ["lines"]


def test_a_checkout_by_a_customer_the_service_does_not_know_yet(pact: Pact) -> None:
    (
        as_customer(
            pact.upon_receiving("a checkout by a customer not yet synced")
            .given(PRODUCT, sku="TEA-1", id=TEAPOT, legacy_id=70, stock=5)
            .with_request("POST", "/api/v1/orders/")
            .with_header("Idempotency-Key", match.regex("checkout-4", regex=r"^\S{1,200}$"))
            .with_body(
                {"lines": LINES, "shipping_address": ADDRESS}, content_type="application/json"
            ),
            legacy_id=43,
        )
        .will_respond_with(409)
        .with_body(problem("customer-not-known", 409), content_type="application/problem+json")
    )
    with (
        pact.serve() as srv,
        client_for(OrdersClient, srv.url) as (client, _),
        pytest.raises(Conflict) as refused,
    ):
        client.place(
            user_id=43, lines=LINES, shipping_address=ADDRESS, idempotency_key="checkout-4"
        )

    assert refused.value.code == "customer-not-known"


# Order history


def test_the_customers_orders(pact: Pact) -> None:
    (
        as_customer(
            with_order(pact.upon_receiving("a request for the customer's orders"), "placed")
            .with_request("GET", "/api/v1/orders/")
            .with_query_parameters({"page": "1", "page_size": "20"})
        )
        .will_respond_with(200)
        .with_body(page_of(order_body(status="placed")), content_type="application/json")
    )
    with pact.serve() as srv, client_for(OrdersClient, srv.url) as (client, _):
        orders = client.orders(user_id=42, page=1, page_size=20)

    rows = _legacy_rows(orders.results[0])
    assert (rows["order"]["id"], rows["order"]["status"]) == (1001, "N")


def test_an_order_by_its_shop_number(pact: Pact) -> None:
    (
        as_customer(
            with_order(pact.upon_receiving("a lookup of the customer's order 1001"), "placed")
            .with_request("GET", "/api/v1/orders/")
            .with_query_parameters({"legacy_id": "1001", "page": "1", "page_size": "1"})
        )
        .will_respond_with(200)
        .with_body(
            page_of(order_body(status="placed", legacy_id=1001)), content_type="application/json"
        )
    )
    with pact.serve() as srv, client_for(OrdersClient, srv.url) as (client, _):
        order = client.order_by_legacy_id(legacy_id=1001, user_id=42)

    assert order is not None and _legacy_rows(order)["order"]["total_cents"] == 4900


def test_one_order(pact: Pact) -> None:
    (
        as_customer(
            with_order(
                pact.upon_receiving("a request for the customer's order by id"), "placed"
            ).with_request("GET", f"/api/v1/orders/{ORDER}/")
        )
        .will_respond_with(200)
        .with_body(order_body(status="placed", id=ORDER), content_type="application/json")
    )
    with pact.serve() as srv, client_for(OrdersClient, srv.url) as (client, _):
        order = client.order(order_id=ORDER, user_id=42)

    assert _legacy_rows(order)["lines"][0]["qty"] == 2


def test_someone_elses_order_is_not_found(pact: Pact) -> None:
    (
        as_customer(
            with_order(
                pact.upon_receiving("a request for another customer's order").given(
                    CUSTOMER, legacy_id=43, id=ERIN
                ),
                "placed",
            ).with_request("GET", f"/api/v1/orders/{ORDER}/"),
            legacy_id=43,
        )
        .will_respond_with(404)
        .with_body(problem("not-found", 404), content_type="application/problem+json")
    )
    with (
        pact.serve() as srv,
        client_for(OrdersClient, srv.url) as (client, _),
        pytest.raises(NotFound),
    ):
        client.order(order_id=ORDER, user_id=43)


# Cancellation


def test_a_cancellation(pact: Pact) -> None:
    (
        as_customer(
            with_order(
                pact.upon_receiving("a cancellation of a placed order"), "placed"
            ).with_request("POST", f"/api/v1/orders/{ORDER}/cancel/")
        )
        .will_respond_with(200)
        .with_body(
            order_body(status="cancelled", id=ORDER, cancelled_at=timestamp()),
            content_type="application/json",
        )
    )
    with pact.serve() as srv, client_for(OrdersClient, srv.url) as (client, _):
        order = client.cancel(order_id=ORDER, user_id=42)

    assert _legacy_rows(order)["order"]["status"] == "C"


def test_a_cancellation_of_a_shipped_order_is_a_conflict(pact: Pact) -> None:
    (
        as_customer(
            with_order(
                pact.upon_receiving("a cancellation of a shipped order"), "shipped"
            ).with_request("POST", f"/api/v1/orders/{ORDER}/cancel/")
        )
        .will_respond_with(409)
        .with_body(problem("order-state-conflict", 409), content_type="application/problem+json")
    )
    with (
        pact.serve() as srv,
        client_for(OrdersClient, srv.url) as (client, _),
        pytest.raises(Conflict) as refused,
    ):
        client.cancel(order_id=ORDER, user_id=42)

    assert refused.value.code == "order-state-conflict"


# Reverse sync: the shop number given to an order placed in the service


def test_reverse_sync_links_the_shop_number_of_an_order_placed_here(pact: Pact) -> None:
    (
        as_monolith(
            with_dora_and_teapot(
                pact.upon_receiving("the shop number 1002 of an order placed here")
            )
            .given(
                EXISTING_ORDER,
                id=ORDER,
                legacy_id=None,
                customer_legacy_id=42,
                product_id=TEAPOT,
                status="placed",
            )
            .with_request("PUT", f"/api/v1/orders/{ORDER}/legacy-id/")
            .with_body({"legacy_id": 1002}, content_type="application/json")
        )
        .will_respond_with(200)
        .with_body(
            order_body(status="placed", id=ORDER, legacy_id=1002), content_type="application/json"
        )
    )
    with pact.serve() as srv, client_for(_OrdersLinks, srv.url) as (client, session):
        client.link(path=f"/api/v1/orders/{ORDER}/legacy-id/", legacy_id=1002)

    assert session.identity == MONOLITH
