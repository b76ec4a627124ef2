"""Comparing two JSON answers field by field, and learning which fields are noise."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..translation import Normaliser

MISSING = "<missing>"
NOT_JSON = "<body>"


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted field paths to leaf values; list items are numbered (`items.0.price`)."""
    if isinstance(value, dict):
        if not value:
            return {prefix or ".": {}}
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list):
        if not value:
            return {prefix or ".": []}
        out = {}
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return out
    return {prefix or ".": value}


def parse_body(body: bytes, normaliser: Normaliser) -> Any:
    try:
        return normaliser(json.loads(body))
    except ValueError:
        return {NOT_JSON: body.decode("utf-8", "replace")}


def differing_fields(left: Any, right: Any) -> dict[str, tuple[Any, Any]]:
    """Field path → (left value, right value) for every field that differs."""
    flat_left, flat_right = flatten(left), flatten(right)
    diffs: dict[str, tuple[Any, Any]] = {}
    for path in flat_left.keys() | flat_right.keys():
        a, b = flat_left.get(path, MISSING), flat_right.get(path, MISSING)
        if a != b:
            diffs[generalise(path)] = (a, b)
    return diffs


def generalise(path: str) -> str:
    """`items.3.price` → `items.*.price`: mismatches group by field, not by list position."""
    return ".".join("*" if part.isdigit() else part for part in path.split("."))


class NoiseModel:
    """Fields that differ between two legacy answers to the same request, per route."""

    def __init__(self, *, learning_samples: int) -> None:
        self._learning_samples = learning_samples
        self._noise: dict[str, set[str]] = {}
        self._observations: dict[str, int] = {}

    def learning(self, route: str) -> bool:
        return self._observations.get(route, 0) < self._learning_samples

    def observe(self, route: str, legacy_diffs: Iterable[str]) -> None:
        """Record the fields that differed between two legacy answers to one request."""
        self._observations[route] = self._observations.get(route, 0) + 1
        self._noise.setdefault(route, set()).update(legacy_diffs)

    def filter(
        self, route: str, diffs: dict[str, tuple[Any, Any]], configured: Iterable[str] = ()
    ) -> dict[str, tuple[Any, Any]]:
        ignored = self._noise.get(route, set()) | set(configured)
        return {path: values for path, values in diffs.items() if path not in ignored}

    def noise(self, route: str) -> set[str]:
        return set(self._noise.get(route, set()))
