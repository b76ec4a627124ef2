"""Fixtures of the end-to-end tests: the run's processes around the monolith's test database."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest
from django.db import connection

from .stack import Stack, running_stack


def _database_url() -> str:
    settings = connection.settings_dict
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def _tcp_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def products_stack(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Stack]:
    """The products service (API, relay, `products-legacy-sync`) and the monolith's relay and
    `legacy-reverse-sync`, all listening before the first test writes anything."""
    # Set up before the per-test marker check runs, so it applies the same rule itself.
    if connection.vendor != "postgresql" or not _tcp_open("127.0.0.1", 5672):
        missing = "PostgreSQL (DATABASE_URL) and RabbitMQ"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{missing} are required in CI", pytrace=False)
        pytest.skip(f"{missing} not reachable")
    with running_stack(_database_url(), tmp_path_factory.mktemp("e2e-logs")) as stack:
        stack.create_service("products")
        stack.start_service("products", "products-legacy-sync")
        stack.start_monolith("legacy-reverse-sync")
        stack.wait_for_consumers()
        yield stack
