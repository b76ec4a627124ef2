"""Hooks the anti-corruption layer plugs into: API translators and shadow normalisers.

A route may name a translator ("module:attribute"); the proxy then buffers the exchange and lets
the translator turn a legacy API request into the service's request and the service's answer back
into the legacy shape, so legacy clients cannot tell who served them. A feature may name a
normaliser that maps a JSON answer to the form compared in shadow mode. Only modules under the
configured prefixes can be named, so the route table cannot load arbitrary code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from multidict import CIMultiDict

Normaliser = Callable[[Any], Any]


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str
    query_string: str
    headers: CIMultiDict[str]
    body: bytes
    # How the proxy signed the caller in: "session" (the monolith's cookie), "token" or "".
    # The monolith's answers say `Vary: Cookie` whenever it consulted the session.
    signed_in_by: str = ""


@dataclass(frozen=True)
class ApiResponse:
    status: int
    headers: CIMultiDict[str]
    body: bytes


class Translator(Protocol):
    def to_new(self, request: ApiRequest, params: Mapping[str, str]) -> ApiRequest:
        """The service request for a legacy API request (path, query and body in new terms)."""

    def to_legacy(self, response: ApiResponse, request: ApiRequest) -> ApiResponse:
        """The legacy API answer (shape, status, errors) for the service's answer."""


class HookNotAllowed(ValueError):
    """The named hook is outside the allowed module prefixes or does not exist."""


def generic_normaliser(value: Any) -> Any:
    """Compare JSON as data: key order and int/float spelling of the same number do not matter."""
    if isinstance(value, dict):
        return {str(k): generic_normaliser(v) for k, v in value.items()}
    if isinstance(value, list):
        return [generic_normaliser(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@cache
def load_hook(reference: str, allowed_prefixes: tuple[str, ...]) -> Any:
    module_name, _, attribute = reference.partition(":")
    if not attribute or not module_name.startswith(allowed_prefixes):
        raise HookNotAllowed(
            f"hook {reference!r} must be 'module:attribute' under one of {list(allowed_prefixes)}"
        )
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise HookNotAllowed(f"hook {reference!r} cannot be loaded: {exc}") from exc
