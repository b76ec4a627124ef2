"""Fixtures for the storefront tests: a customer and a browser logged in as them."""

import pytest
from django.test import Client

from legacy_monolith.factories import UserFactory


@pytest.fixture
def customer():
    return UserFactory(username="alice", first_name="Alice")


@pytest.fixture
def customer_client(client: Client, customer) -> Client:
    client.force_login(customer)
    return client
