"""Clients for the legacy API tests: anonymous, and logged in with a token as a customer."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractUser
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from legacy_monolith.factories import UserFactory


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for(db: None) -> Callable[[AbstractUser], APIClient]:
    """An API client that sends `Authorization: Token <key>` for the given user."""

    def make(user: AbstractUser) -> APIClient:
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def customer(db: None) -> AbstractUser:
    return UserFactory()


@pytest.fixture
def api(client_for: Callable[[AbstractUser], APIClient], customer: AbstractUser) -> APIClient:
    return client_for(customer)
