"""Test-wide rules for the real stack.

Tests marked `postgres` or `rabbitmq` need those servers. Locally they are skipped when the
server is unreachable; in CI (CI=true) an unreachable server is a failure, never a skip.
"""

import os
import socket

import pytest
from django.db import connection

RABBITMQ_URL = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _tcp_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _require(what: str, available: bool) -> None:
    if available:
        return
    if _in_ci():
        pytest.fail(f"{what} is required in CI but is not reachable", pytrace=False)
    pytest.skip(f"{what} not reachable")


@pytest.fixture(autouse=True)
def _real_stack_markers(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres"):
        _require("PostgreSQL (DATABASE_URL)", connection.vendor == "postgresql")
    if request.node.get_closest_marker("rabbitmq"):
        _require(f"RabbitMQ ({RABBITMQ_URL})", _tcp_open("127.0.0.1", 5672))
