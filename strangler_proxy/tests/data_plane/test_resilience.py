"""Breakers with fallback to legacy, retries within a budget, timeouts, rate limits, bulkheads."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestServer

from strangler_proxy.data_plane import metrics

from .conftest import Stack
from .fakes import ORDER_ROUTES, feature, make_backend

pytestmark = pytest.mark.asyncio


async def test_killed_backend_opens_breaker_reads_fall_back_and_it_closes_after_recovery(
    stack: Stack,
) -> None:
    await stack.set_features([feature("orders", "new", routes=ORDER_ROUTES)])
    port = stack.servers["orders"].port
    await stack.servers["orders"].close()
    backends = []
    for _ in range(6):
        response = await stack.request("GET", "/orders/mine")
        assert response.status == 200
        backends.append(response.headers["X-Strangler-Backend"])
    assert set(backends) == {"legacy"}
    breakers = stack.proxy.upstreams.breakers
    assert await breakers.state("orders") == "opened"
    assert metrics.BREAKER_STATE.labels("orders")._value.get() == 2
    # Writes have no legacy path once the service owns them: refused clearly, not misrouted.
    write = await stack.request("POST", "/api/orders/", json={"n": 1})
    assert write.status == 503 and write.headers["Retry-After"] == "1"
    assert stack.legacy.orders == []

    app, revived = make_backend("orders")
    server = TestServer(app, host="127.0.0.1", port=port)
    await server.start_server()
    stack.servers["orders"] = server
    await asyncio.sleep(0.6)  # the breaker's ttl in these tests is 0.5 s
    response = await stack.request("GET", "/orders/mine")
    assert response.headers["X-Strangler-Backend"] == "orders"
    assert await breakers.state("orders") == "closed"
    assert revived.seen


async def test_retired_feature_has_no_fallback(stack: Stack) -> None:
    await stack.set_features([feature("orders", "retired", routes=ORDER_ROUTES)])
    stack.orders.status_override = 503
    response = await stack.request("GET", "/orders/mine")
    assert response.status == 503
    assert response.headers["X-Strangler-Backend"] == "orders"
    assert stack.legacy.seen == []


async def test_only_idempotent_requests_are_retried(stack: Stack) -> None:
    await stack.set_features([feature("orders", "retired", routes=ORDER_ROUTES)])
    stack.orders.status_override = 503
    await stack.request("GET", "/orders/a")
    gets = len(stack.orders.seen)
    stack.orders.seen.clear()
    await stack.request("POST", "/orders/a", json={})
    posts = len(stack.orders.seen)
    assert gets == 2, "a GET is retried once (route retries=1)"
    assert posts == 1, "a POST is never retried"


async def test_retry_budget_caps_retries(make_stack) -> None:
    stack = await make_stack(retry_budget_ratio=0.0, retry_budget_min_per_second=0.0)
    await stack.set_features([feature("orders", "retired", routes=ORDER_ROUTES)])
    stack.orders.status_override = 502
    for _ in range(3):
        await stack.request("GET", "/orders/a")
    assert len(stack.orders.seen) == 3, "an empty budget allows no retries"


async def test_route_timeout_gives_504(stack: Stack) -> None:
    routes = [dict(r, timeout=0.2) for r in ORDER_ROUTES]
    await stack.set_features([feature("orders", "retired", routes=routes)])
    stack.orders.delay = 1.0
    started = asyncio.get_running_loop().time()
    response = await stack.request("GET", "/orders/slow")
    elapsed = asyncio.get_running_loop().time() - started
    assert response.status == 504
    assert (await response.json())["error"] == "backend_timeout"
    assert elapsed < 0.9


async def test_rate_limit_answers_429_with_retry_after(make_stack) -> None:
    stack = await make_stack(rate_limit="5/minute")
    statuses = [(await stack.request("GET", "/x")).status for _ in range(5)]
    limited = await stack.request("GET", "/x")
    other_client = await stack.request("GET", "/x", headers={"Authorization": "Token good-9"})
    assert statuses == [200] * 5
    assert limited.status == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert (await limited.json())["error"] == "rate_limited"
    assert other_client.status == 200


async def test_connection_pool_limit_bounds_concurrency_per_backend(make_stack) -> None:
    stack = await make_stack(pool_limit=2)
    stack.legacy.delay = 0.2
    responses = await asyncio.gather(*(stack.request("GET", f"/p{i}") for i in range(6)))
    assert [r.status for r in responses] == [200] * 6
    assert stack.legacy.max_in_flight == 2
