"""Typed access to the STRANGLER_CONTROL setting (read on every call, so tests can override it)."""

from typing import Any

from django.conf import settings


def control_setting(name: str) -> Any:
    return settings.STRANGLER_CONTROL[name]
