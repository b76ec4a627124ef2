"""The `CONTRACTS_PROVIDER` setting: which provider this process is and what it serves."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def provider_setting(key: str, default: Any = None) -> Any:
    """One key of CONTRACTS_PROVIDER = {"NAME": ..., "URLCONF": ..., "PATCHES": [...]}."""
    conf = getattr(settings, "CONTRACTS_PROVIDER", None)
    if not isinstance(conf, dict):
        raise ImproperlyConfigured("CONTRACTS_PROVIDER must be a dict; see contracts/README.md")
    if key not in conf and default is None:
        raise ImproperlyConfigured(f'CONTRACTS_PROVIDER["{key}"] is required')
    return conf.get(key, default)
