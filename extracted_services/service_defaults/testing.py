"""Test helpers for the services: identities, token-carrying API clients, pytest fixtures.

A service's conftest.py imports the fixtures it uses from here.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from extracted_services.service_defaults.identity import Identity, bearer_header

TEST_ISSUER = "test-suite"


def customer_identity(legacy_id: int | str, *, username: str = "") -> Identity:
    return Identity(
        kind="user", subject=str(legacy_id), username=username or f"customer{legacy_id}"
    )


def staff_identity(legacy_id: int | str = 1, *, username: str = "staff") -> Identity:
    return Identity(kind="user", subject=str(legacy_id), username=username, is_staff=True)


def service_identity(name: str = "orders") -> Identity:
    return Identity(kind="service", subject=name, username=name)


def client_as(identity: Identity | None) -> APIClient:
    """An APIClient that sends a freshly signed token for `identity` (None: no token at all)."""
    client = APIClient()
    if identity is not None:
        header = bearer_header(identity, issuer=TEST_ISSUER)["Authorization"]
        client.credentials(HTTP_AUTHORIZATION=header)
    return client


@pytest.fixture
def anonymous_client() -> APIClient:
    return client_as(None)


@pytest.fixture
def service_client() -> APIClient:
    return client_as(service_identity())


@pytest.fixture
def staff_client() -> APIClient:
    return client_as(staff_identity())


@pytest.fixture
def client_for() -> Callable[[Identity | None], APIClient]:
    return client_as
