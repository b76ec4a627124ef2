"""Customer and product snapshots follow their owners' events, never roll back, and refuse bad payloads."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from extracted_services.orders.readmodels.handlers import (
    SnapshotEventInvalid,
    apply_customer_changed,
    apply_product_changed,
)
from extracted_services.orders.readmodels.models import CustomerSnapshot, ProductSnapshot

from .events import incoming

pytestmark = pytest.mark.django_db

CUSTOMER_ID = uuid.UUID("2b0b4c1e-5d8f-4a57-9e0e-8d3f0c6a1b11")
PRODUCT_ID = uuid.UUID("7c9e6679-7425-40de-944b-e07fc1f90ae7")


def customer_data(**changes) -> dict:
    data = {
        "id": str(CUSTOMER_ID),
        "legacy_id": 42,
        "username": "ada",
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "active": True,
        "updated_at": "2025-03-30T00:30:00Z",
    }
    return {**data, **changes}


def product_data(**changes) -> dict:
    data = {
        "id": str(PRODUCT_ID),
        "legacy_id": 7,
        "sku": "TEA-001",
        "name": "Brown Betty teapot",
        "price": {"amount": "24.50", "currency": "GBP"},
        "stock": 12,
        "active": True,
        "updated_at": "2025-03-30T01:30:00+00:00",
    }
    return {**data, **changes}


def test_a_customer_event_creates_then_updates_the_snapshot():
    apply_customer_changed(incoming("users.customer.created.v1", customer_data()))
    apply_customer_changed(
        incoming(
            "users.customer.updated.v1",
            customer_data(email="ada@analytical.example", updated_at="2025-03-30T02:00:00Z"),
        )
    )

    snapshot = CustomerSnapshot.objects.get()
    assert snapshot.id == CUSTOMER_ID
    assert snapshot.legacy_id == 42
    assert snapshot.email == "ada@analytical.example"
    assert snapshot.name == "Ada Lovelace"
    assert snapshot.is_active is True


def test_a_late_older_event_does_not_roll_the_snapshot_back():
    apply_customer_changed(
        incoming(
            "users.customer.updated.v1",
            customer_data(active=False, updated_at="2025-04-01T09:00:00Z"),
        )
    )
    apply_customer_changed(incoming("users.customer.created.v1", customer_data()))

    snapshot = CustomerSnapshot.objects.get()
    assert snapshot.is_active is False
    assert snapshot.source_changed_at.isoformat() == "2025-04-01T09:00:00+00:00"


def test_a_product_event_keeps_price_as_decimal_with_its_currency():
    apply_product_changed(incoming("products.product.created.v1", product_data()))
    apply_product_changed(
        incoming(
            "products.product.updated.v1",
            product_data(
                price={"amount": "19.99", "currency": "GBP"},
                active=False,
                updated_at="2025-03-30T03:00:00+00:00",
            ),
        )
    )

    snapshot = ProductSnapshot.objects.get()
    assert (snapshot.name, snapshot.sku, snapshot.legacy_id) == ("Brown Betty teapot", "TEA-001", 7)
    assert snapshot.price == Decimal("19.99")
    assert snapshot.currency == "GBP"
    assert snapshot.is_active is False


def test_the_event_time_is_used_when_the_payload_has_no_updated_at():
    data = product_data()
    del data["updated_at"]
    apply_product_changed(
        incoming("products.product.updated.v1", data, time="2025-05-01T12:00:00Z")
    )
    assert (
        ProductSnapshot.objects.get().source_changed_at.isoformat() == "2025-05-01T12:00:00+00:00"
    )


def test_a_product_born_in_the_new_service_has_no_legacy_id_yet():
    apply_product_changed(incoming("products.product.created.v1", product_data(legacy_id=None)))
    assert ProductSnapshot.objects.get(pk=PRODUCT_ID).legacy_id is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": "not-a-uuid"}, "'id' must be a UUID"),
        ({"price": 24.5}, "'price' must be"),
        ({"price": {"amount": "24.505", "currency": "GBP"}}, "whole cents"),
        ({"price": {"amount": "-1.00", "currency": "GBP"}}, "non-negative"),
        ({"active": "Y"}, "'active' must be true or false"),
        ({"legacy_id": "7"}, "'legacy_id' must be a positive whole number"),
        ({"name": None}, "'name' must be text"),
        ({"updated_at": "2025-03-30 01:30"}, "needs an ISO-8601 time with a timezone"),
    ],
)
def test_a_malformed_product_event_is_refused_saying_which_field(changes, message):
    with pytest.raises(SnapshotEventInvalid, match=message):
        apply_product_changed(incoming("products.product.updated.v1", product_data(**changes)))
    assert ProductSnapshot.objects.count() == 0
