"""Test settings: real PostgreSQL when reachable (required in CI), otherwise SQLite; fast hashing."""

import os
import socket

import dj_database_url

from .base import *  # noqa: F403
from .env import database_from_env


def _postgres_reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


LOCAL_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/legacy_monolith"

if "DATABASE_URL" in os.environ:
    DATABASES = {"default": database_from_env("DATABASE_URL", "legacy_monolith_test.sqlite3")}
elif _postgres_reachable():
    DATABASES = {"default": dict(dj_database_url.parse(LOCAL_POSTGRES_URL))}
else:
    DATABASES = {"default": database_from_env("DATABASE_URL", "legacy_monolith_test.sqlite3")}
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

DEBUG = False
SECRET_KEY = "test-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["*"]
# Serve static files from the apps' folders: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Stages come from STRANGLER_STAGES (override_settings), never from a control plane.
STRANGLER_CONTROL_PLANE_URL = ""
# Models the messaging tests write events from and project them into.
INSTALLED_APPS = [*INSTALLED_APPS, "messaging.tests.testapp"]  # noqa: F405
# Tests run no relay worker unless they start one; they nudge it themselves.
MESSAGING = {**MESSAGING, "NUDGE": None}  # noqa: F405
