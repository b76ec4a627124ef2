"""The HTTP client of the products service's reservations, against a scripted local HTTP server."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from extracted_services.orders.stock.http_client import HttpStockReservations
from extracted_services.orders.stock.port import (
    StockLine,
    StockRejected,
    StockServiceUnavailable,
)
from extracted_services.service_defaults.identity import verify_token

ORDER_ID = uuid.UUID("0f6c1d2e-0000-4000-8000-000000000001")
TEAPOT = uuid.UUID("0f6c1d2e-0000-4000-8000-0000000000aa")


@dataclass
class ScriptedProducts:
    """Answers each request with the next scripted (status, body) and records what it was sent."""

    answers: list[tuple[int, dict]] = field(default_factory=list)
    received: list[dict] = field(default_factory=list)
    url: str = ""
    delay_seconds: float = 0.0


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that timed out and hung up is what some tests want


@pytest.fixture
def products() -> Iterator[ScriptedProducts]:
    script = ScriptedProducts()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            script.received.append(
                {
                    "path": self.path,
                    "authorization": self.headers.get("Authorization", ""),
                    "idempotency_key": self.headers.get("Idempotency-Key"),
                    "body": json.loads(raw) if raw else None,
                }
            )
            time.sleep(script.delay_seconds)
            status, body = script.answers.pop(0) if script.answers else (500, {})
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/problem+json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args) -> None:
            pass

    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    script.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield script
    server.shutdown()
    server.server_close()


def client_for(url: str, *, attempts: int = 3, timeout: float = 1.0) -> HttpStockReservations:
    return HttpStockReservations(base_url=url, timeout=timeout, attempts=attempts)


def test_reserve_sends_the_order_id_lines_and_a_service_token(products):
    products.answers = [(201, {"reservation_id": str(ORDER_ID), "state": "held"})]

    client_for(products.url).reserve(
        reservation_id=ORDER_ID, lines=[StockLine(product_id=TEAPOT, quantity=2)]
    )

    [request] = products.received
    assert request["path"] == "/api/v1/reservations/"
    assert request["body"] == {
        "reservation_id": str(ORDER_ID),
        "order_id": str(ORDER_ID),
        "lines": [{"product_id": str(TEAPOT), "quantity": 2}],
    }
    scheme, token = request["authorization"].split()
    assert scheme == "Bearer"
    identity = verify_token(token)
    assert identity.is_service and identity.subject == "orders"


def test_a_refusal_is_reported_with_the_shortages(products):
    products.answers = [
        (
            409,
            {
                "type": "https://problems.strangler-shop.example/insufficient-stock",
                "detail": "not enough stock for Brown Betty teapot",
                "shortages": [{"product_id": str(TEAPOT), "wanted": 9, "available": 5}],
            },
        )
    ]

    with pytest.raises(StockRejected, match="not enough stock for Brown Betty teapot") as excinfo:
        client_for(products.url).reserve(
            reservation_id=ORDER_ID, lines=[StockLine(product_id=TEAPOT, quantity=9)]
        )

    [shortage] = excinfo.value.shortages
    assert (shortage.product_id, shortage.wanted, shortage.available) == (TEAPOT, 9, 5)
    assert len(products.received) == 1, "a refusal is not retried"


def test_server_errors_are_retried_and_then_succeed(products):
    products.answers = [(503, {"detail": "starting"}), (502, {}), (200, {"state": "confirmed"})]

    client_for(products.url).confirm(reservation_id=ORDER_ID)

    assert [r["path"] for r in products.received] == [
        f"/api/v1/reservations/{ORDER_ID}/confirm/"
    ] * 3


def test_persistent_server_errors_become_unavailable_after_the_attempts(products):
    products.answers = [(500, {"detail": "database down"})] * 5

    with pytest.raises(StockServiceUnavailable, match="answered 500: database down"):
        client_for(products.url, attempts=2).confirm(reservation_id=ORDER_ID)

    assert len(products.received) == 2


def test_an_unreachable_service_is_unavailable():
    # Nothing listens on a port that was just closed.
    server_gone = "http://127.0.0.1:9"
    with pytest.raises(StockServiceUnavailable, match="failed"):
        client_for(server_gone, attempts=1).reserve(reservation_id=ORDER_ID, lines=[])


def test_a_rejected_service_token_is_reported_as_a_configuration_problem(products):
    products.answers = [(401, {"detail": "the identity token is not valid"})] * 3

    with pytest.raises(StockServiceUnavailable, match="check SERVICE_TOKEN_SECRET"):
        client_for(products.url).release(reservation_id=ORDER_ID)


def test_releasing_a_reservation_the_service_never_saw_succeeds(products):
    products.answers = [(404, {"detail": "no such reservation"})]

    client_for(products.url).release(reservation_id=ORDER_ID)

    assert products.received[0]["path"] == f"/api/v1/reservations/{ORDER_ID}/release/"


def test_a_confirmation_of_an_expired_reservation_is_rejected(products):
    products.answers = [(409, {"detail": "reservation expired"})]

    with pytest.raises(StockRejected, match="reservation expired"):
        client_for(products.url).confirm(reservation_id=ORDER_ID)


def test_a_slow_answer_times_out_and_is_unavailable(products):
    products.delay_seconds = 0.3
    products.answers = [(200, {})] * 2

    with pytest.raises(StockServiceUnavailable, match="timed out"):
        client_for(products.url, attempts=2, timeout=0.1).confirm(reservation_id=ORDER_ID)


def test_restock_adds_each_line_under_its_own_idempotency_key(products):
    other = uuid.UUID("0f6c1d2e-0000-4000-8000-0000000000bb")
    products.answers = [(200, {"stock": 7}), (200, {"stock": 3})]

    client_for(products.url).restock(
        key="order-1-cancelled",
        lines=[StockLine(product_id=TEAPOT, quantity=2), StockLine(product_id=other, quantity=1)],
    )

    assert [(r["path"], r["body"], r["idempotency_key"]) for r in products.received] == [
        (
            f"/api/v1/products/{TEAPOT}/stock/adjustments/",
            {"delta": 2, "reason": "returned: order-1-cancelled"},
            f"order-1-cancelled:{TEAPOT}",
        ),
        (
            f"/api/v1/products/{other}/stock/adjustments/",
            {"delta": 1, "reason": "returned: order-1-cancelled"},
            f"order-1-cancelled:{other}",
        ),
    ]
