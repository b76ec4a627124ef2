"""Test settings: PostgreSQL when CONTROL_PLANE_DATABASE_URL or DATABASE_URL names it, else SQLite."""

import os

from .base import *  # noqa: F403
from .base import _database

if "CONTROL_PLANE_DATABASE_URL" not in os.environ and os.environ.get("DATABASE_URL"):
    os.environ["CONTROL_PLANE_DATABASE_URL"] = os.environ["DATABASE_URL"]
DATABASES = {"default": _database()}
DATABASES["default"]["CONN_MAX_AGE"] = 0
SECRET_KEY = "control-plane-test-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
STRANGLER_CONTROL = dict(STRANGLER_CONTROL)  # noqa: F405 - a copy: base keeps its values
STRANGLER_CONTROL.update(
    CONTROL_KEY="control-key-for-tests",
    OVERRIDE_SECRET="override-secret-for-tests-0123456789abcdef",
    # Tests that switch write owners name their own hook; none waits for a real sync.
    DRAIN_HOOK="",
    # Tests walk the stages freely; the gates' own tests switch them on.
    GATES={**STRANGLER_CONTROL["GATES"], "ENABLED": False},
    SETTLE_TIMEOUT_SECONDS=3.0,
    DRAIN_TIMEOUT_SECONDS=3.0,
)
