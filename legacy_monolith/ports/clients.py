"""The service clients the ports use, configured from settings (`SERVICE_URLS`, `SERVICE_CLIENT`).

One client, and so one HTTP session with its connection pool, per service and process.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings

from acl.clients import ClientConfig, OrdersClient, ProductsClient, UsersClient


def _config(service: str) -> ClientConfig:
    options = settings.SERVICE_CLIENT
    return ClientConfig(
        base_url=settings.SERVICE_URLS[service],
        connect_timeout=float(options["CONNECT_TIMEOUT_S"]),
        read_timeout=float(options["READ_TIMEOUT_S"]),
        attempts=int(options["ATTEMPTS"]),
    )


@cache
def users_client() -> UsersClient:
    return UsersClient(_config("users"))


@cache
def products_client() -> ProductsClient:
    return ProductsClient(_config("products"))


@cache
def orders_client() -> OrdersClient:
    return OrdersClient(_config("orders"))
