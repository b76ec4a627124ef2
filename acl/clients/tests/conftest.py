"""Clients pointed at a fake base URL whose answers the `responses` library provides."""

import pytest
import responses

from acl.clients import ClientConfig, OrdersClient, ProductsClient, UsersClient

BASE = "http://services.test"
SECRET = "client-tests-secret-0123456789-0123456789"


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def config() -> ClientConfig:
    # No waiting between tries: the backoff's shape is tenacity's, not ours to time.
    return ClientConfig(base_url=BASE, attempts=3, backoff=0, max_backoff=0)


@pytest.fixture
def products(config: ClientConfig) -> ProductsClient:
    return ProductsClient(config, secret=SECRET)


@pytest.fixture
def users(config: ClientConfig) -> UsersClient:
    return UsersClient(config, secret=SECRET)


@pytest.fixture
def orders(config: ClientConfig) -> OrdersClient:
    return OrdersClient(config, secret=SECRET)


def problem(status: int, code: str, detail: str, **extra) -> dict:
    return {
        "type": f"https://problems.strangler-shop.example/{code}",
        "title": "Problem",
        "status": status,
        "detail": detail,
        **extra,
    }
