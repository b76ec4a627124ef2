"""Production overrides every service shares, applied by a service's production.py.

from .base import *
apply_production_settings(globals(), required_env=["USERS_DATABASE_URL"])
"""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured

ALWAYS_REQUIRED = ("DJANGO_SECRET_KEY", "SERVICE_TOKEN_SECRET")


def require_env(*names: str) -> None:
    """Refuse to start when any of `names` is unset, naming every missing variable."""
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        raise ImproperlyConfigured(f"set {', '.join(missing)} to run in production")


def apply_production_settings(settings: dict[str, Any], *, required_env: list[str]) -> None:
    require_env(*ALWAYS_REQUIRED, *required_env)
    settings.update(
        DEBUG=False,
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    )
