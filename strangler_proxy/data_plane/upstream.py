"""Calls to backends: one keep-alive pool per backend (a bulkhead), breaker, timeouts, retries."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

import aiohttp
from multidict import CIMultiDict
from yarl import URL

from . import metrics
from .resilience import BREAKER_STATES, Breakers, RetryBudget, UpstreamFailure

RETRYABLE_STATUSES = frozenset({502, 503, 504})


class UnknownBackend(LookupError):
    """The route table names a backend the proxy was not configured with."""


class BodyTooLarge(Exception):
    """The client sent more than the body size limit."""


@dataclass(frozen=True)
class Call:
    backend: str
    method: str
    path: str
    query_string: str
    headers: CIMultiDict[str]
    timeout: float
    # bytes can be replayed for a retry; a stream cannot.
    body: bytes | AsyncIterator[bytes] | None = None
    retries: int = 0


class Upstreams:
    def __init__(
        self,
        *,
        backends: Mapping[str, URL],
        pool_limit: int,
        connect_timeout: float,
        breaker_threshold: int,
        breaker_ttl: float,
        retry_budget_ratio: float,
        retry_budget_min_per_second: float,
    ) -> None:
        self._backends = dict(backends)
        self._connect_timeout = connect_timeout
        self._sessions = {
            name: aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=pool_limit, ttl_dns_cache=300),
                auto_decompress=False,
                skip_auto_headers=("User-Agent", "Accept-Encoding", "Accept", "Content-Type"),
                cookie_jar=aiohttp.DummyCookieJar(),
            )
            for name in self._backends
        }
        self._budgets = {
            name: RetryBudget(ratio=retry_budget_ratio, min_per_second=retry_budget_min_per_second)
            for name in self._backends
        }
        self.breakers = Breakers(
            threshold=breaker_threshold,
            ttl=breaker_ttl,
            on_state=self._breaker_changed,
            not_failures=(BodyTooLarge,),
        )

    def __contains__(self, backend: str) -> bool:
        return backend in self._backends

    def base_url(self, backend: str) -> URL:
        try:
            return self._backends[backend]
        except KeyError:
            raise UnknownBackend(f"backend {backend!r} is not configured") from None

    def session(self, backend: str) -> aiohttp.ClientSession:
        return self._sessions[backend]

    def url(self, backend: str, path: str, query_string: str) -> URL:
        # Only the path and query come from the client; scheme, host and port are the backend's.
        # The path was checked (request_safety) and is passed on encoded exactly as received.
        base = self.base_url(backend)
        return URL.build(
            scheme=base.scheme,
            host=base.raw_host or "",
            port=base.explicit_port,
            path=path,
            query_string=query_string,
            encoded=True,
        )

    async def send(self, call: Call) -> aiohttp.ClientResponse:
        """The backend's response (body unread). Raises on connection errors, timeouts, an open
        breaker (BreakerOpen) or UpstreamFailure for a 5xx answer (its `.args[0]` is the response).
        """
        self._budgets[call.backend].record_request()
        attempt = 0
        while True:
            try:
                return await self._send_once(call)
            except (aiohttp.ClientConnectionError, TimeoutError, UpstreamFailure) as exc:
                retry = (
                    attempt < call.retries
                    and not isinstance(call.body, AsyncIterator)
                    and _retryable(exc)
                    and self._budgets[call.backend].try_spend()
                )
                if not retry:
                    raise
                if isinstance(exc, UpstreamFailure):
                    exc.args[0].release()
                attempt += 1
                metrics.RETRIES.labels(call.backend).inc()

    async def _send_once(self, call: Call) -> aiohttp.ClientResponse:
        breaker = await self.breakers.get(call.backend)
        async with breaker:
            response = await self._sessions[call.backend].request(
                call.method,
                self.url(call.backend, call.path, call.query_string),
                headers=call.headers,
                data=call.body,
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(
                    total=None, sock_connect=self._connect_timeout, sock_read=call.timeout
                ),
            )
            if response.status >= 500:
                raise UpstreamFailure(response)
            return response

    def _breaker_changed(self, backend: str, state: str) -> None:
        metrics.BREAKER_STATE.labels(backend).set(BREAKER_STATES.get(state, 0))

    async def close(self) -> None:
        for session in self._sessions.values():
            await session.close()


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, UpstreamFailure):
        return exc.args[0].status in RETRYABLE_STATUSES
    return True


async def limited_stream(content: aiohttp.StreamReader, limit: int) -> AsyncIterator[bytes]:
    """The request body, streamed; stops with BodyTooLarge past `limit`."""
    seen = 0
    async for chunk in content.iter_any():
        seen += len(chunk)
        if seen > limit:
            raise BodyTooLarge(f"request body exceeds {limit} bytes")
        yield chunk
