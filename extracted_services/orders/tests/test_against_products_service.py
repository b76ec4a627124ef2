"""The saga and the HTTP client against the real products service, running in its own process.

The products service runs under gunicorn on a free port with its own SQLite database, exactly
as in the demo; the orders side talks to it only over HTTP with a signed service token.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from extracted_services.orders.ordering.models import Order, OrderStatus
from extracted_services.orders.ordering.services import order_cancel
from extracted_services.orders.stock.http_client import HttpStockReservations
from extracted_services.orders.stock.port import StockLine, StockRejected
from extracted_services.service_defaults.identity import bearer_header
from extracted_services.service_defaults.testing import service_identity

from .factories import ProductSnapshotFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

REPO_ROOT = Path(__file__).resolve().parents[3]
TEAPOT_ID = uuid.UUID("5d3b8c4e-1f0a-4c9e-9a57-3b8e2f6d7c10")
SEED = f"""
import uuid
from decimal import Decimal
from extracted_services.products.catalogue.services import category_create, product_create
category = category_create(name="Kitchen", slug="kitchen")
product_create(id=uuid.UUID("{TEAPOT_ID}"), sku="TEA-1", name="Teapot", price=Decimal("24.50"),
               category_id=category.id, stock=5)
"""


@dataclass
class ProductsService:
    url: str

    def stock(self, product_id: uuid.UUID) -> dict:
        headers = bearer_header(service_identity("orders"), issuer="test-suite")
        response = requests.get(
            f"{self.url}/api/v1/products/{product_id}/stock/", headers=headers, timeout=5
        )
        response.raise_for_status()
        return response.json()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def products_service(tmp_path_factory) -> Iterator[ProductsService]:
    var = tmp_path_factory.mktemp("products-service")
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "DJANGO_SETTINGS_MODULE": "extracted_services.products.settings.base",
        "PRODUCTS_DATABASE_URL": f"sqlite:///{var / 'products.sqlite3'}",
        "STRANGLER_VAR_DIR": str(var),
    }
    manage = [sys.executable, str(REPO_ROOT / "extracted_services/products/manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=120)
    subprocess.run([*manage, "shell", "-c", SEED], env=env, check=True, timeout=60)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "extracted_services.products.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{url}/health/live", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the products service did not start")
            time.sleep(0.2)
        yield ProductsService(url=url)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def real_stock(products_service) -> HttpStockReservations:
    return HttpStockReservations(base_url=products_service.url, timeout=5.0, attempts=2)


@pytest.fixture
def real_teapot(db):
    return ProductSnapshotFactory(id=TEAPOT_ID, name="Teapot", price=Decimal("24.50"))


def test_placing_then_cancelling_moves_the_real_stock(
    place, real_stock, real_teapot, products_service
):
    before = products_service.stock(TEAPOT_ID)

    order = place({real_teapot: 2}, through=real_stock)

    assert order.status == OrderStatus.PLACED
    placed = products_service.stock(TEAPOT_ID)
    assert placed["stock"] == before["stock"] - 2
    assert placed["confirmed"] == before["confirmed"] + 2

    order_cancel(order_id=order.id, stock=real_stock)

    assert Order.objects.get(pk=order.id).status == OrderStatus.CANCELLED
    assert products_service.stock(TEAPOT_ID) == before


def test_not_enough_real_stock_rejects_and_holds_nothing(
    place, real_stock, real_teapot, products_service
):
    before = products_service.stock(TEAPOT_ID)

    order = place({real_teapot: 50}, through=real_stock)

    assert order.status == OrderStatus.REJECTED
    assert "not enough stock" in order.rejection_reason
    assert str(TEAPOT_ID) in order.rejection_reason
    assert products_service.stock(TEAPOT_ID) == before


def test_every_call_repeated_takes_effect_once(real_stock, products_service):
    before = products_service.stock(TEAPOT_ID)
    reservation = uuid.uuid4()
    lines = [StockLine(product_id=TEAPOT_ID, quantity=1)]

    for _ in range(2):
        real_stock.reserve(reservation_id=reservation, lines=lines)
    assert products_service.stock(TEAPOT_ID)["held"] == before["held"] + 1
    for _ in range(2):
        real_stock.release(reservation_id=reservation)
    assert products_service.stock(TEAPOT_ID) == before
    for _ in range(2):
        real_stock.restock(key=f"order-{reservation}-cancelled", lines=lines)
    assert products_service.stock(TEAPOT_ID)["stock"] == before["stock"] + 1


def test_a_late_reserve_after_a_release_holds_nothing(real_stock, products_service):
    before = products_service.stock(TEAPOT_ID)
    reservation = uuid.uuid4()
    real_stock.release(reservation_id=reservation)

    with pytest.raises(StockRejected, match="released"):
        real_stock.reserve(reservation_id=reservation, lines=[StockLine(TEAPOT_ID, 1)])
    assert products_service.stock(TEAPOT_ID) == before
