"""What the orders service's customer snapshots (`orders-snapshots`) need from the users service.

The consumer's own minimal copy of the event: only the fields the snapshot keeps. Each message is
applied by the registered handler, through the inbox, to the orders service's database.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pact import Pact, match

from contracts.matchers import timestamp, uuid
from contracts.messages import apply_messages, event_metadata, uuid_subject
from extracted_services.orders.readmodels.models import CustomerSnapshot
from extracted_services.orders.tests.factories import CustomerSnapshotFactory

CONSUMER, PROVIDER = "orders_snapshots", "users"

ERIN = "5b2e8f0a-6c1d-4e3f-8a7b-9c0d1e2f3a4b"
REGISTERED = "customer {username} ({id}, legacy id {legacy_id}) registered in the users service"
PHONE_CHANGED = "customer {username} ({id}, legacy id {legacy_id}) changed their phone to {phone}"

pytestmark = pytest.mark.django_db


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def customer(**exact: Any) -> dict[str, Any]:
    return {
        "id": uuid(ERIN),
        "legacy_id": match.int(812),
        "email": match.str("erin@example.com"),
        "first_name": match.str("Erin"),
        "last_name": match.str("Moss"),
        "active": match.bool(True),
        "updated_at": timestamp("2025-06-01T09:30:00.412001Z"),
        **exact,
    }


def test_a_registered_customer_gets_a_snapshot(pact: Pact) -> None:
    (
        pact.upon_receiving("a customer registered", "Async")
        .given(REGISTERED, username="erin", id=ERIN, legacy_id=812)
        .with_body(customer(), content_type="application/json")
        .with_metadata(event_metadata("users.customer.registered.v1", subject=uuid_subject(ERIN)))
    )

    apply_messages(pact, "orders-snapshots")

    snapshot = CustomerSnapshot.objects.get(pk=ERIN)
    assert (snapshot.legacy_id, snapshot.email, snapshot.name, snapshot.is_active) == (
        812,
        "erin@example.com",
        "Erin Moss",
        True,
    )


def test_a_changed_customer_updates_the_snapshot(pact: Pact) -> None:
    CustomerSnapshotFactory(
        id=ERIN,
        legacy_id=812,
        email="old@example.com",
        source_changed_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    (
        pact.upon_receiving("a customer changed", "Async")
        .given(PHONE_CHANGED, username="erin", id=ERIN, legacy_id=812, phone="0113 496 0000")
        .with_body(customer(), content_type="application/json")
        .with_metadata(event_metadata("users.customer.updated.v1", subject=uuid_subject(ERIN)))
    )

    apply_messages(pact, "orders-snapshots")

    assert CustomerSnapshot.objects.get(pk=ERIN).email == "erin@example.com"
