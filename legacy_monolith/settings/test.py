"""Test settings: real PostgreSQL when reachable (required in CI), otherwise SQLite; fast hashing."""

import os
import socket

from .base import *  # noqa: F403


def _postgres_reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


if "DATABASE_URL" not in os.environ and _postgres_reachable():
    os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/legacy_monolith"

from .env import database_from_env  # noqa: E402

DATABASES = {"default": database_from_env("DATABASE_URL", "legacy_monolith_test.sqlite3")}
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

DEBUG = False
SECRET_KEY = "test-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["*"]
