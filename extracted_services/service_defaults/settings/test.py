"""Test overrides every service shares, applied by a service's test.py after its base settings.

from .base import *
apply_test_settings(globals(), database_env="USERS_DATABASE_URL", database_name="users_service")
"""

from __future__ import annotations

import os
import socket
from typing import Any

import dj_database_url

from extracted_services.service_defaults.env import database_from_env


def _postgres_reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def test_database(env_name: str, database_name: str) -> dict[str, Any]:
    """`env_name`'s URL if set, else PostgreSQL on 127.0.0.1 when it answers, else SQLite."""
    if os.environ.get(env_name):
        config = database_from_env(env_name, f"{database_name}_test.sqlite3")
    elif _postgres_reachable():
        config = dict(dj_database_url.parse(f"postgres://postgres@127.0.0.1:5432/{database_name}"))
    else:
        config = database_from_env(env_name, f"{database_name}_test.sqlite3")
    config["CONN_MAX_AGE"] = 0
    config["CONN_HEALTH_CHECKS"] = False
    return config


def apply_test_settings(settings: dict[str, Any], *, database_env: str, database_name: str) -> None:
    """Overwrite a settings module's namespace with the shared test values."""
    settings.update(
        DEBUG=False,
        SECRET_KEY="test-secret-key",
        ALLOWED_HOSTS=["*"],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        DATABASES={"default": test_database(database_env, database_name)},
        # Tests never wake a relay: events stay in the outbox, where the tests read them.
        MESSAGING={**settings.get("MESSAGING", {}), "NUDGE": None},
    )
