"""Fixtures for the orders service's tests: snapshots to order from and a fake products service."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from extracted_services.orders.ordering.models import Order
from extracted_services.orders.ordering.services import LineRequest, order_place
from extracted_services.orders.readmodels.models import CustomerSnapshot, ProductSnapshot
from extracted_services.orders.stock.fake import FakeStockReservations
from extracted_services.orders.stock.wiring import stock_reservations_replaced
from extracted_services.service_defaults.testing import (  # noqa: F401 - fixtures
    anonymous_client,
    client_as,
    customer_identity,
    service_client,
    staff_client,
)

from .factories import ADDRESS, CustomerSnapshotFactory, ProductSnapshotFactory


@pytest.fixture
def customer(db) -> CustomerSnapshot:
    return CustomerSnapshotFactory()


@pytest.fixture
def teapot(db) -> ProductSnapshot:
    return ProductSnapshotFactory(name="Brown Betty teapot", price=Decimal("24.50"))


@pytest.fixture
def mug(db) -> ProductSnapshot:
    return ProductSnapshotFactory(name="Striped mug", price=Decimal("7.25"))


@pytest.fixture
def stock(teapot, mug) -> FakeStockReservations:
    return FakeStockReservations(on_hand={teapot.id: 5, mug.id: 10})


@pytest.fixture
def place(customer, stock) -> Callable[..., Order]:
    """Place an order for `customer` with {product: quantity}, through the fake products service."""

    def _place(quantities: dict[ProductSnapshot, int], *, through=None, **overrides) -> Order:
        lines: Sequence[LineRequest] = [
            LineRequest(product_id=product.id, quantity=quantity)
            for product, quantity in quantities.items()
        ]
        return order_place(
            customer_id=overrides.get("customer_id", customer.id),
            lines=lines,
            shipping_address=overrides.get("shipping_address", ADDRESS),
            stock=through or stock,
        )

    return _place


@pytest.fixture
def api_stock(stock) -> Iterator[FakeStockReservations]:
    """The fake products service, used by the API views instead of the HTTP client."""
    with stock_reservations_replaced(stock):
        yield stock


@pytest.fixture
def customer_client(customer) -> APIClient:
    return client_as(customer_identity(customer.legacy_id))
