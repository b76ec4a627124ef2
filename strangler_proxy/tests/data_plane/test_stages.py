"""Stages decide legacy or new per request; canaries are sticky; the tester override is signed."""

from __future__ import annotations

import asyncio
import time

import pytest

from strangler_proxy.data_plane.decision import cohort_bucket, decide, in_canary
from strangler_proxy.data_plane.routing import Feature
from strangler_proxy.stages import Stage
from strangler_proxy.tokens import OVERRIDE_HEADER, issue_override_token

from .conftest import Stack
from .fakes import OVERRIDE_SECRET, feature

pytestmark = pytest.mark.asyncio
USERS = [f"user:{n}" for n in range(3000)]


def _cohort(percent: int) -> set[str]:
    products = Feature(name="products", backend="products", stage=Stage.CANARY, percent=percent)
    return {u for u in USERS if in_canary(feature=products, user_key=u)}


async def test_canary_cohort_is_sized_by_percent_and_monotone() -> None:
    ten, thirty, hundred = _cohort(10), _cohort(30), _cohort(100)
    assert 240 <= len(ten) <= 360
    assert 800 <= len(thirty) <= 1000
    assert ten <= thirty <= hundred and len(hundred) == len(USERS)
    assert _cohort(0) == set()
    # Stable across calls and processes: a pure function of feature and user.
    assert cohort_bucket(feature="products", user_key="user:7") == cohort_bucket(
        feature="products", user_key="user:7"
    )


async def test_reads_and_writes_are_decided_separately() -> None:
    canary = Feature(name="products", backend="products", stage=Stage.CANARY, percent=100)
    writes_new = Feature(name="products", backend="products", stage=Stage.WRITES_NEW)
    assert decide(feature=canary, method="GET", user_key="user:1").side == "new"
    assert decide(feature=canary, method="POST", user_key="user:1").side == "legacy"
    assert decide(feature=writes_new, method="DELETE", user_key=None).side == "new"
    # A tester override moves reads only: writes always follow the owner.
    forced = {"products": "new"}
    legacy = Feature(name="products", backend="products")
    assert decide(feature=legacy, method="GET", user_key=None, override=forced).side == "new"
    assert decide(feature=legacy, method="PUT", user_key=None, override=forced).side == "legacy"


@pytest.mark.parametrize(
    ("stage", "read_backend", "write_backend"),
    [
        ("legacy", "legacy", "legacy"),
        ("shadow", "legacy", "legacy"),
        ("writes-new", "orders", "orders"),
        ("new", "orders", "orders"),
        ("retired", "orders", "orders"),
    ],
)
async def test_stage_routes_reads_and_writes(
    stack: Stack, stage: str, read_backend: str, write_backend: str
) -> None:
    await stack.set_features([feature("orders", stage, routes=_orders_routes())])
    read = await stack.request("GET", "/orders/mine")
    write = await stack.request(
        "POST", "/api/orders/", json={"n": 1}, headers={"Authorization": "Token good-1"}
    )
    assert read.headers["X-Strangler-Backend"] == read_backend
    assert write.headers["X-Strangler-Backend"] == write_backend
    assert write.status == 201
    owner = stack.orders if write_backend == "orders" else stack.legacy
    assert owner.orders == [{"n": 1}]


def _orders_routes() -> list[dict]:
    from .fakes import ORDER_ROUTES

    return ORDER_ROUTES


async def test_canary_by_user_is_sticky_through_the_proxy(stack: Stack) -> None:
    await stack.set_features([feature("orders", "canary", 30, routes=_orders_routes())])
    first: dict[int, str] = {}
    for user in range(40):
        response = await stack.request(
            "GET", "/orders/x", headers={"Authorization": f"Token good-{user}"}
        )
        first[user] = response.headers["X-Strangler-Backend"]
    await stack.set_features([feature("orders", "canary", 60, routes=_orders_routes())])
    later: dict[int, str] = {}
    for user in range(40):
        response = await stack.request(
            "GET", "/orders/x", headers={"Authorization": f"Token good-{user}"}
        )
        later[user] = response.headers["X-Strangler-Backend"]
    migrated = {u for u, b in first.items() if b == "orders"}
    assert migrated and len(migrated) < 40
    assert all(later[u] == "orders" for u in migrated), "raising the percentage moved users back"
    assert sum(b == "orders" for b in later.values()) > len(migrated)
    # One identity lookup per user thanks to the cache, not one per request.
    assert stack.legacy.whoami_calls == 40


async def test_anonymous_visitors_get_a_sticky_cohort_cookie(stack: Stack) -> None:
    await stack.set_features([feature("orders", "canary", 50, routes=_orders_routes())])
    first = await stack.request("GET", "/orders/x")
    cookie = first.cookies["strangler_cohort"].value
    backends = set()
    for _ in range(10):
        response = await stack.request(
            "GET", "/orders/x", headers={"Cookie": f"strangler_cohort={cookie}"}
        )
        backends.add(response.headers["X-Strangler-Backend"])
        assert "strangler_cohort" not in response.cookies
    assert backends == {first.headers["X-Strangler-Backend"]}


async def test_tester_override_works_and_cannot_be_forged(stack: Stack) -> None:
    await stack.set_features([feature("orders", "shadow", routes=_orders_routes())])
    good = issue_override_token(
        tester="alice", features={"orders": "new"}, ttl_seconds=60, secret=OVERRIDE_SECRET
    )
    forged = issue_override_token(
        tester="mallory", features={"orders": "new"}, ttl_seconds=60, secret="guessed-secret" * 3
    )
    expired = issue_override_token(
        tester="alice", features={"orders": "new"}, ttl_seconds=-10, secret=OVERRIDE_SECRET
    )
    tampered = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    by_header = await stack.request("GET", "/orders/1", headers={OVERRIDE_HEADER: good})
    by_cookie = await stack.request(
        "GET", "/orders/1", headers={"Cookie": f"strangler_override={good}"}
    )
    assert by_header.headers["X-Strangler-Backend"] == "orders"
    assert by_cookie.headers["X-Strangler-Backend"] == "orders"
    for token in (forged, expired, tampered, "not-a-token"):
        response = await stack.request("GET", "/orders/1", headers={OVERRIDE_HEADER: token})
        assert response.headers["X-Strangler-Backend"] == "legacy", token
    # The override header itself never reaches a backend.
    assert all(OVERRIDE_HEADER not in seen.headers for seen in stack.orders.seen)


async def test_flip_mid_traffic_loses_no_request_and_follows_within_a_second(
    stack: Stack,
) -> None:
    await stack.set_features([feature("orders", "legacy", routes=_orders_routes())])
    statuses: list[int] = []
    backends: list[tuple[float, str]] = []
    stop = asyncio.Event()

    async def client() -> None:
        while not stop.is_set():
            response = await stack.request("GET", "/orders/live")
            await response.read()
            statuses.append(response.status)
            backends.append((time.monotonic(), response.headers["X-Strangler-Backend"]))

    clients = [asyncio.create_task(client()) for _ in range(8)]
    await asyncio.sleep(0.2)
    flipped_at = time.monotonic()
    stack.control.set_features([feature("orders", "new", routes=_orders_routes())])
    await asyncio.sleep(1.2)
    stop.set()
    await asyncio.gather(*clients)
    assert statuses and set(statuses) == {200}
    late = [b for t, b in backends if t > flipped_at + 1.0]
    assert late and set(late) == {"orders"}
