"""Fixtures for the users service's tests."""

import pytest

from extracted_services.service_defaults.testing import (  # noqa: F401 - fixtures
    anonymous_client,
    client_for,
    service_client,
    staff_client,
)
from extracted_services.users.tests.factories import CustomerFactory


@pytest.fixture
def customer():
    return CustomerFactory(username="ada", legacy_id=42, first_name="Ada", last_name="Lovelace")
