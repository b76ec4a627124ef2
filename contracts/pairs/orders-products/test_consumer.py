"""What the orders service needs from the products service: its stock client's calls.

The consumer is `extracted_services.orders.stock.http_client.HttpStockReservations`, the client
the placement and cancellation sagas use; each test checks what the saga gets back from it
(nothing, or the refusal it compensates for). A success is only its status to the saga, so the
pact asks for no body then: what the client does not read, the provider may change.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from pact import Pact, match

from contracts.matchers import problem, signed_identity
from extracted_services.orders.stock.http_client import HttpStockReservations
from extracted_services.orders.stock.port import StockLine, StockRejected

CONSUMER, PROVIDER = "orders", "products"

KITCHEN = "7a0d3b52-8e61-4f1c-9d2e-1b6f0c4a5e11"
TEAPOT = "5d3b8c4e-1f0a-4c9e-9a57-3b8e2f6d7c10"
ORDER = "b4d1e2f3-0a9b-4c8d-9e7f-6a5b4c3d2e1f"
TWO_TEAPOTS = [StockLine(product_id=UUID(TEAPOT), quantity=2)]

CALLER_SERVICE = "the caller is the service {service}"
CATEGORY = "a category {slug} with id {id} and legacy id {legacy_id}"
PRODUCT = (
    "a product {sku} with id {id} and legacy id {legacy_id} in category {category_id}, "
    "{stock} in stock"
)
RESERVATION = "reservation {id} holds {quantity} of product {product_id}"


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def stock_client(url: object) -> HttpStockReservations:
    # One try per call: a retry would replay a recorded interaction twice.
    return HttpStockReservations(base_url=str(url), timeout=5, attempts=1)


def as_orders(interaction: Any, stock: int = 5) -> Any:
    return (
        interaction.given(CATEGORY, slug="kitchen", id=KITCHEN, legacy_id=7)
        .given(PRODUCT, sku="TEA-1", id=TEAPOT, legacy_id=70, category_id=KITCHEN, stock=stock)
        .given(CALLER_SERVICE, service="orders")
    )


def test_a_placement_reserves_the_stock(pact: Pact) -> None:
    (
        as_orders(pact.upon_receiving("a reservation of two teapots for an order"))
        .with_request("POST", "/api/v1/reservations/")
        .with_header("Authorization", signed_identity())
        .with_body(
            {
                "reservation_id": ORDER,
                "order_id": ORDER,
                "lines": [{"product_id": TEAPOT, "quantity": 2}],
            },
            content_type="application/json",
        )
        .will_respond_with(201)
    )
    with pact.serve() as srv:
        stock_client(srv.url).reserve(reservation_id=UUID(ORDER), lines=TWO_TEAPOTS)


def test_a_placement_of_more_than_is_in_stock_is_refused_with_the_shortages(pact: Pact) -> None:
    (
        as_orders(pact.upon_receiving("a reservation of two teapots when one is left"), stock=1)
        .with_request("POST", "/api/v1/reservations/")
        .with_header("Authorization", signed_identity())
        .with_body(
            {
                "reservation_id": ORDER,
                "order_id": ORDER,
                "lines": [{"product_id": TEAPOT, "quantity": 2}],
            },
            content_type="application/json",
        )
        .will_respond_with(409)
        .with_body(
            problem(
                "insufficient-stock",
                409,
                shortages=match.each_like(
                    {"product_id": TEAPOT, "wanted": match.int(2), "available": match.int(1)}
                ),
            ),
            content_type="application/problem+json",
        )
    )
    with pact.serve() as srv, pytest.raises(StockRejected) as refused:
        stock_client(srv.url).reserve(reservation_id=UUID(ORDER), lines=TWO_TEAPOTS)

    [shortage] = refused.value.shortages
    assert (str(shortage.product_id), shortage.wanted, shortage.available) == (TEAPOT, 2, 1)


def test_a_placement_confirms_the_reservation(pact: Pact) -> None:
    (
        as_orders(pact.upon_receiving("the confirmation of a held reservation"))
        .given(RESERVATION, id=ORDER, quantity=2, product_id=TEAPOT)
        .with_request("POST", f"/api/v1/reservations/{ORDER}/confirm/")
        .with_header("Authorization", signed_identity())
        .will_respond_with(200)
    )
    with pact.serve() as srv:
        stock_client(srv.url).confirm(reservation_id=UUID(ORDER))


def test_a_cancellation_releases_the_reservation(pact: Pact) -> None:
    (
        as_orders(pact.upon_receiving("the release of a held reservation"))
        .given(RESERVATION, id=ORDER, quantity=2, product_id=TEAPOT)
        .with_request("POST", f"/api/v1/reservations/{ORDER}/release/")
        .with_header("Authorization", signed_identity())
        .will_respond_with(200)
    )
    with pact.serve() as srv:
        stock_client(srv.url).release(reservation_id=UUID(ORDER))


def test_releasing_what_was_never_reserved_closes_the_id(pact: Pact) -> None:
    (
        as_orders(pact.upon_receiving("the release of an order that never reserved"))
        .with_request("POST", f"/api/v1/reservations/{ORDER}/release/")
        .with_header("Authorization", signed_identity())
        # 200, not 404: the id is closed, so a late reservation under it cannot hold stock.
        .will_respond_with(200)
    )
    with pact.serve() as srv:
        stock_client(srv.url).release(reservation_id=UUID(ORDER))


def test_a_cancelled_legacy_order_restocks_with_one_key_per_product(pact: Pact) -> None:
    (
        as_orders(pact.upon_receiving("a restock of two teapots for a cancelled legacy order"))
        .with_request("POST", f"/api/v1/products/{TEAPOT}/stock/adjustments/")
        .with_header("Authorization", signed_identity())
        .with_header("Idempotency-Key", f"cancel-{ORDER}:{TEAPOT}")
        .with_body(
            {"delta": 2, "reason": f"returned: cancel-{ORDER}"}, content_type="application/json"
        )
        .will_respond_with(200)
    )
    with pact.serve() as srv:
        stock_client(srv.url).restock(key=f"cancel-{ORDER}", lines=TWO_TEAPOTS)
