"""Fixtures for the shared defaults' tests: the test URLconf and token-carrying clients."""

import pytest

from extracted_services.service_defaults.testing import (  # noqa: F401 - fixtures
    anonymous_client,
    client_for,
    service_client,
    staff_client,
)
from extracted_services.service_defaults.tests import views


@pytest.fixture(autouse=True)
def _shared_defaults_urls(settings) -> None:
    settings.ROOT_URLCONF = "extracted_services.service_defaults.tests.urls"


@pytest.fixture(autouse=True)
def _forget_widgets():
    views.CREATED.clear()
    yield
    views.CREATED.clear()
