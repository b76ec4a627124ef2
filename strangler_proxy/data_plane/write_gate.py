"""Holding a feature's writes while its write owner changes.

While the control plane marks a feature `write_hold`, new writes for it wait here (up to a bound
in number and time) instead of reaching either owner; the worker reports the feature idle once
its in-flight writes have finished, so the control plane knows nothing is still being written to
the old owner. When the hold is lifted the waiting writes continue, routed by the new table.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from . import metrics


class WriteHoldRefused(Exception):
    """The hold queue is full or the hold lasted longer than the bound; retry shortly."""


@dataclass
class _FeatureGate:
    held: bool = False
    released: asyncio.Event = field(default_factory=asyncio.Event)
    in_flight: int = 0
    waiting: int = 0

    def __post_init__(self) -> None:
        self.released.set()


class WriteGate:
    def __init__(self, *, max_queued: int, max_wait: float) -> None:
        self._max_queued = max_queued
        self._max_wait = max_wait
        self._gates: dict[str, _FeatureGate] = {}

    def apply(self, held_features: Iterable[str]) -> None:
        """Hold exactly `held_features`; release every other feature's waiting writes."""
        held = set(held_features)
        for name in held | set(self._gates):
            gate = self._gates.setdefault(name, _FeatureGate())
            if name in held and not gate.held:
                gate.held = True
                gate.released.clear()
            elif name not in held and gate.held:
                gate.held = False
                gate.released.set()

    def holding(self) -> bool:
        return any(g.held for g in self._gates.values())

    def idle_held_features(self) -> list[str]:
        """Held features with no write still in flight: safe for the control plane to drain."""
        return sorted(n for n, g in self._gates.items() if g.held and g.in_flight == 0)

    @asynccontextmanager
    async def admit(self, feature: str) -> AsyncIterator[float]:
        """Wait while the feature is held, then count the write as in flight; yields the wait."""
        gate = self._gates.setdefault(feature, _FeatureGate())
        waited = 0.0
        if gate.held:
            if gate.waiting >= self._max_queued:
                raise WriteHoldRefused(f"{gate.waiting} writes already wait for {feature}")
            started = time.monotonic()
            gate.waiting += 1
            metrics.WRITES_HELD.labels(feature).inc()
            try:
                async with asyncio.timeout(self._max_wait):
                    await gate.released.wait()
            except TimeoutError:
                raise WriteHoldRefused(
                    f"writes to {feature} were held longer than {self._max_wait:g}s"
                ) from None
            finally:
                gate.waiting -= 1
                metrics.WRITES_HELD.labels(feature).dec()
            waited = time.monotonic() - started
        gate.in_flight += 1
        try:
            yield waited
        finally:
            gate.in_flight -= 1
