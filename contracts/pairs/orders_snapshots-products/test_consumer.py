"""What the orders service's product snapshots (`orders-snapshots`) need from the products service.

The consumer's own minimal copy of the event: only the fields the snapshot keeps (a product's
price is taken from here when an order is placed). Each message is applied by the registered
handler, through the inbox, to the orders service's database.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pact import Pact, match

from contracts.matchers import money, timestamp, uuid
from contracts.messages import apply_messages, event_metadata, uuid_subject
from extracted_services.orders.readmodels.models import ProductSnapshot
from extracted_services.orders.tests.factories import ProductSnapshotFactory

CONSUMER, PROVIDER = "orders_snapshots", "products"

TEAPOT = "5d3b8c4e-1f0a-4c9e-9a57-3b8e2f6d7c10"
CREATED = "product {sku} ({id}, legacy id {legacy_id}) created in the products service"
REPRICED = "product {sku} ({id}, legacy id {legacy_id}) repriced to {price} in the products service"

pytestmark = pytest.mark.django_db


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def product(**exact: Any) -> dict[str, Any]:
    return {
        "id": uuid(TEAPOT),
        "legacy_id": match.int(70),
        "sku": match.str("TEA-1"),
        "name": match.str("Teapot"),
        "price": money("24.50"),
        "active": match.bool(True),
        "updated_at": timestamp("2025-06-01T09:30:00.412001Z"),
        **exact,
    }


def test_a_new_product_gets_a_snapshot(pact: Pact) -> None:
    (
        pact.upon_receiving("a product created", "Async")
        .given(CREATED, sku="TEA-1", id=TEAPOT, legacy_id=70)
        .with_body(product(), content_type="application/json")
        .with_metadata(event_metadata("products.product.created.v1", subject=uuid_subject(TEAPOT)))
    )

    apply_messages(pact, "orders-snapshots")

    snapshot = ProductSnapshot.objects.get(pk=TEAPOT)
    assert (snapshot.legacy_id, snapshot.sku, snapshot.name) == (70, "TEA-1", "Teapot")
    assert (snapshot.price, snapshot.currency, snapshot.is_active) == (
        Decimal("24.50"),
        "GBP",
        True,
    )


def test_a_new_price_reaches_the_snapshot(pact: Pact) -> None:
    ProductSnapshotFactory(
        id=TEAPOT,
        legacy_id=70,
        price=Decimal("20.00"),
        source_changed_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    (
        pact.upon_receiving("a product repriced", "Async")
        .given(REPRICED, sku="TEA-1", id=TEAPOT, legacy_id=70, price="22.00")
        .with_body(product(price=money("22.00")), content_type="application/json")
        .with_metadata(event_metadata("products.product.updated.v1", subject=uuid_subject(TEAPOT)))
    )

    apply_messages(pact, "orders-snapshots")

    assert ProductSnapshot.objects.get(pk=TEAPOT).price == Decimal("22.00")
