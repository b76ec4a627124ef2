"""Fixtures for the products service's tests."""

import pytest

from extracted_services.service_defaults.testing import (  # noqa: F401 - fixtures
    anonymous_client,
    client_as,
    client_for,
    customer_identity,
    service_client,
    staff_client,
)
from messaging.models import OutboxEvent


@pytest.fixture
def customer_client():
    return client_as(customer_identity(42))


@pytest.fixture
def recorded():
    """The outbox events of one type, oldest first."""

    def events(event_type: str) -> list[OutboxEvent]:
        return list(OutboxEvent.objects.filter(type=event_type).order_by("id"))

    return events
