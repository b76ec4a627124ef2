"""The service's own namespaced settings (`ORDERS = {...}`) with their defaults; tests can override any."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Where the products service answers, and how patiently we call it.
    "PRODUCTS_URL": "http://127.0.0.1:8012",
    "STOCK_TIMEOUT_SECONDS": 2.0,
    "STOCK_ATTEMPTS": 3,
    # A saga runner holds a saga for this long; after it, a crashed run is resumed by another.
    "SAGA_LEASE_SECONDS": 30,
    # Retry a step that hit an unreachable service after base * 2^(attempts - 1), at most max.
    "SAGA_RETRY_BASE_SECONDS": 5,
    "SAGA_RETRY_MAX_SECONDS": 300,
    # An order the products service could not confirm for this long is rejected.
    "PLACEMENT_DEADLINE_SECONDS": 900,
}


def orders_setting(name: str) -> Any:
    """One value of `settings.ORDERS`, or its default; read on every call so overrides apply."""
    if name not in DEFAULTS:
        raise KeyError(f"unknown orders setting {name!r}; known: {', '.join(sorted(DEFAULTS))}")
    return getattr(settings, "ORDERS", {}).get(name, DEFAULTS[name])
