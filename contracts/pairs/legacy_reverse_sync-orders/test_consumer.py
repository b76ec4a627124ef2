"""What reverse sync (`legacy-reverse-sync`) needs from the orders service's order events.

Once the orders service owns orders, each placed order and each change of status is written into
the shop's tables, translated by `acl.orders`, so order history and the admin stay current. Each
message is applied by the registered handler, through the inbox, to the shop's database.
(`orders.order.rejected.v1` is not consumed: a rejected order never existed in the shop.)
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
from legacy_monolith.factories import OrderFactory, ProductFactory, UserFactory
from legacy_monolith.orders.models import Order
from legacy_monolith.reverse_sync.models import LegacyIdPair

CONSUMER, PROVIDER = "legacy_reverse_sync", "orders"

ORDER = "b4d1e2f3-0a9b-4c8d-9e7f-6a5b4c3d2e1f"
DORA = str(legacy_uuid(Kind.CUSTOMER, 42))
TEAPOT = str(legacy_uuid(Kind.PRODUCT, 70))
ORDERED = (
    "customer {customer_legacy_id} ordered {quantity} of product {product_legacy_id} in the "
    "orders service, shop number {legacy_id}, then it was {change}"
)
STATUS = {"cancelled": "C", "shipped": "S", "delivered": "D"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def order(*, status: str, **exact: Any) -> dict[str, Any]:
    """The whole order: what `acl.orders.order_to_legacy` reads."""
    return {
        "id": uuid(ORDER),
        "legacy_id": match.int(1001),
        "customer_id": uuid(DORA),
        "customer_legacy_id": match.int(42),
        "status": status,
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
        "created_at": timestamp("2025-06-01T09:30:00.100000Z"),
        "placed_at": timestamp("2025-06-01T09:30:00.200000Z"),
        "shipped_at": None,
        "delivered_at": None,
        "cancelled_at": None,
        "updated_at": timestamp("2025-06-01T09:30:00.300000Z"),
        **exact,
    }


@pytest.fixture
def shop_customer_and_product() -> None:
    UserFactory(id=42, username="dora")
    ProductFactory(id=70, prod_code="TEA-1", price_cents=2450)


def test_an_order_placed_in_the_service_gets_a_shop_number(
    pact: Pact, shop_customer_and_product: None
) -> None:
    (
        pact.upon_receiving("an order placed, not yet in the shop", "Async")
        .given(
            ORDERED,
            customer_legacy_id=42,
            quantity=2,
            product_legacy_id=70,
            legacy_id=None,
            change="placed",
        )
        .with_body(order(status="placed", legacy_id=None), content_type="application/json")
        .with_metadata(event_metadata("orders.order.placed.v1", subject=uuid_subject(ORDER)))
    )

    apply_messages(pact, "legacy-reverse-sync")

    placed = Order.objects.get(cust_id=42)
    assert (placed.status, placed.total_cents) == ("N", 4900)
    assert placed.ship_addr == "1 High Street\nLeeds\nLS1 4AP\nUnited Kingdom"
    assert [(line.prod_id, line.qty, line.unit_price_cents) for line in placed.lines.all()] == [
        (70, 2, 2450)
    ]
    assert LegacyIdPair.objects.filter(kind=Kind.ORDER, uuid=ORDER, legacy_id=placed.pk).exists()


@pytest.mark.parametrize("change", ["cancelled", "shipped", "delivered"])
def test_a_change_of_status_reaches_the_shop(
    pact: Pact, shop_customer_and_product: None, change: str
) -> None:
    OrderFactory(id=1001, cust_id=42, status="N")
    Order.objects.filter(pk=1001).update(modified_dt=datetime(2025, 1, 1))
    LegacyIdPair.objects.create(kind=Kind.ORDER, uuid=ORDER, legacy_id=1001)
    times = {
        "cancelled": {"cancelled_at": timestamp("2025-06-02T10:00:00Z")},
        "shipped": {"shipped_at": timestamp("2025-06-02T10:00:00Z")},
        "delivered": {
            "shipped_at": timestamp("2025-06-02T10:00:00Z"),
            "delivered_at": timestamp("2025-06-03T10:00:00Z"),
        },
    }[change]
    (
        pact.upon_receiving(f"an order of the shop {change}", "Async")
        .given(
            ORDERED,
            customer_legacy_id=42,
            quantity=2,
            product_legacy_id=70,
            legacy_id=1001,
            change=change,
        )
        .with_body(order(status=change, **times), content_type="application/json")
        .with_metadata(event_metadata(f"orders.order.{change}.v1", subject=uuid_subject(ORDER)))
    )

    apply_messages(pact, "legacy-reverse-sync")

    assert Order.objects.get(pk=1001).status == STATUS[change]
