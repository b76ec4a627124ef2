"""Per-backend resilience: a circuit breaker (purgatory), a retry budget, and client rate limits."""

from __future__ import annotations

import time
from collections.abc import Callable

from limits import parse
from limits.aio.strategies import FixedWindowRateLimiter
from limits.storage import storage_from_string
from purgatory import AsyncCircuitBreakerFactory
from purgatory.domain.model import OpenedState

BREAKER_STATES = {"closed": 0, "half-opened": 1, "opened": 2}

__all__ = ["BREAKER_STATES", "BreakerOpen", "Breakers", "ClientRateLimiter", "RetryBudget"]
BreakerOpen = OpenedState


class UpstreamFailure(Exception):
    """Raised inside a breaker block for a 5xx answer, so the breaker counts it as a failure."""


class Breakers:
    """A circuit breaker per backend: `threshold` failures in a row open it for `ttl` seconds."""

    def __init__(
        self,
        *,
        threshold: int,
        ttl: float,
        on_state: Callable[[str, str], None],
        not_failures: tuple[type[BaseException], ...] = (),
    ) -> None:
        # Exceptions in `not_failures` (e.g. a client's oversized body) say nothing about the
        # backend's health, so they never count towards opening its breaker.
        self._factory = AsyncCircuitBreakerFactory(
            default_threshold=threshold, default_ttl=ttl, exclude=list(not_failures)
        )
        self._on_state = on_state
        self._factory.add_listener(self._listener)
        self._breakers: dict[str, object] = {}

    def _listener(self, name: str, event_name: str, event: object) -> None:
        if event_name == "state_changed":
            self._on_state(name, getattr(event, "state", "closed"))

    async def get(self, backend: str):
        # One breaker object per backend, made once: its state lives in the factory's store.
        breaker = self._breakers.get(backend)
        if breaker is None:
            breaker = self._breakers[backend] = await self._factory.get_breaker(backend)
        return breaker

    async def state(self, backend: str) -> str:
        breaker = await self.get(backend)
        return breaker.context.state


class RetryBudget:
    """Retries may add at most `ratio` of the traffic, plus a small floor per second.

    Keeps retries from multiplying load on a backend that is already failing.
    """

    def __init__(self, *, ratio: float, min_per_second: float, cap: float = 100.0) -> None:
        self._ratio = ratio
        self._min_per_second = min_per_second
        self._cap = cap
        self._tokens = min_per_second
        self._last = time.monotonic()

    def record_request(self) -> None:
        self._tokens = min(self._cap, self._tokens + self._ratio)

    def try_spend(self) -> bool:
        now = time.monotonic()
        self._tokens = min(self._cap, self._tokens + (now - self._last) * self._min_per_second)
        self._last = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False


class ClientRateLimiter:
    """Fixed-window limit per client key (user credential or address), via the `limits` library.

    With the default in-memory storage each worker counts on its own; point
    STRANGLER_RATE_LIMIT_STORAGE at `async+redis://...` for one shared count.
    """

    def __init__(self, *, limit: str, storage_uri: str) -> None:
        self._item = parse(limit)
        self._limiter = FixedWindowRateLimiter(storage_from_string(storage_uri))

    async def retry_after(self, client_key: str) -> int | None:
        """None when the request may pass, else the seconds until the window resets."""
        if await self._limiter.hit(self._item, client_key):
            return None
        stats = await self._limiter.get_window_stats(self._item, client_key)
        return max(1, int(stats.reset_time - time.time() + 0.999))
