"""The write-ownership switch on the data plane: writes are held (bounded), then follow the owner."""

from __future__ import annotations

import asyncio
import time

import pytest

from strangler_proxy.data_plane.write_gate import WriteGate, WriteHoldRefused

from .conftest import Stack
from .fakes import ORDER_ROUTES, feature

pytestmark = pytest.mark.asyncio


async def test_gate_holds_reports_idle_and_releases() -> None:
    gate = WriteGate(max_queued=2, max_wait=5)
    async with gate.admit("orders"):
        gate.apply(["orders"])
        assert gate.idle_held_features() == [], "a write in flight keeps the feature busy"
    assert gate.idle_held_features() == ["orders"]
    passed: list[float] = []

    async def write() -> None:
        async with gate.admit("orders") as waited:
            passed.append(waited)

    writers = [asyncio.create_task(write()) for _ in range(2)]
    await asyncio.sleep(0.1)
    assert passed == []
    with pytest.raises(WriteHoldRefused):
        async with gate.admit("orders"):
            pass
    gate.apply([])
    await asyncio.gather(*writers)
    assert len(passed) == 2 and min(passed) >= 0.1, "each write reports how long it was held"


async def test_hold_longer_than_the_bound_is_refused_with_retry_after(make_stack) -> None:
    stack = await make_stack(write_hold_max_wait=0.2)
    await stack.set_features([feature("orders", "canary", 0, routes=ORDER_ROUTES, write_hold=True)])
    response = await stack.request("POST", "/api/orders/", json={"n": 1})
    assert response.status == 503
    assert response.headers["Retry-After"] == "1"
    assert (await response.json())["error"] == "write_held"
    assert stack.legacy.orders == [] and stack.orders.orders == []


async def test_switch_under_write_load_loses_and_duplicates_nothing(stack: Stack) -> None:
    """Writers keep posting while ownership moves legacy → service and back, with a fake drain."""
    await stack.set_features([feature("orders", "canary", 0, routes=ORDER_ROUTES)])
    sent: list[int] = []
    failures: list[int] = []
    pauses: list[float] = []
    stop = asyncio.Event()
    counter = iter(range(1_000_000))

    async def writer() -> None:
        while not stop.is_set():
            n = next(counter)
            started = time.monotonic()
            response = await stack.request(
                "POST", "/api/orders/", json={"n": n}, headers={"Authorization": "Token good-3"}
            )
            pauses.append(time.monotonic() - started)
            (sent if response.status == 201 else failures).append(n)

    synced: list[dict] = []

    async def fake_drain(source: list[dict], target: list[dict]) -> None:
        # Stands in for forward/reverse sync: copies what the old owner took since the last drain.
        await asyncio.sleep(0.05)
        target.extend(item for item in source if item not in target)
        synced.append({"at": time.monotonic()})

    async def switch(to_stage: str, old_owner: list[dict], new_owner: list[dict]) -> None:
        held = stack.control.set_features(
            [
                feature(
                    "orders",
                    "canary" if to_stage == "writes-new" else to_stage,
                    0,
                    routes=ORDER_ROUTES,
                    write_hold=True,
                )
            ]
        )
        # Wait until the worker serves the held table and reports no write in flight.
        while not any(
            p.get("applied") == str(held) and p.get("idle") == "orders" for p in stack.control.polls
        ):
            await asyncio.sleep(0.01)
        await fake_drain(old_owner, new_owner)
        stack.control.set_features([feature("orders", to_stage, 0, routes=ORDER_ROUTES)])

    writers = [asyncio.create_task(writer()) for _ in range(4)]
    await asyncio.sleep(0.3)
    await switch("writes-new", stack.legacy.orders, stack.orders.orders)
    await asyncio.sleep(0.3)
    await switch("canary", stack.orders.orders, stack.legacy.orders)
    await asyncio.sleep(0.3)
    stop.set()
    await asyncio.gather(*writers)

    assert failures == []
    numbers = [o["n"] for o in stack.legacy.orders]
    assert sorted(numbers) == sorted(sent), "after the round trip legacy holds every write once"
    assert len(numbers) == len(set(numbers))
    assert len(synced) == 2
    longest = max(pauses)
    print(f"longest write pause during the switch: {longest * 1000:.0f} ms")
    assert longest < 2.0
