"""Shadow: off the response path, compared through the ACL, noise learned, drops counted."""

from __future__ import annotations

import asyncio
import time

import pytest

from strangler_proxy.data_plane.shadow.compare import differing_fields, flatten

from .conftest import Stack
from .fakes import feature

pytestmark = pytest.mark.asyncio


async def _settle(stack: Stack, feature_name: str, samples: int) -> None:
    deadline = time.monotonic() + 5
    while stack.control.shadow_total(feature_name, "samples") < samples:
        if time.monotonic() > deadline:
            raise AssertionError("shadow samples never reached the control plane")
        await asyncio.sleep(0.05)


async def test_fields_are_flattened_and_list_positions_grouped() -> None:
    legacy = {"id": 1, "lines": [{"qty": 1}, {"qty": 2}], "tags": []}
    new = {"id": 1, "lines": [{"qty": 1}, {"qty": 3}], "tags": [], "extra": True}
    assert flatten(legacy) == {"id": 1, "lines.0.qty": 1, "lines.1.qty": 2, "tags": []}
    assert differing_fields(legacy, new) == {
        "lines.*.qty": (2, 3),
        "extra": ("<missing>", True),
    }


async def test_primary_response_is_byte_identical_with_shadow_on_and_off(stack: Stack) -> None:
    stack.legacy.price_cents = 500
    await stack.set_features([feature(stage="legacy")])
    off = await stack.request("GET", "/catalogue/a/b?page=2")
    off_body = await off.read()
    await stack.set_features([feature(stage="shadow")])
    on = await stack.request("GET", "/catalogue/a/b?page=2")
    on_body = await on.read()
    assert on_body == off_body
    assert off.status == on.status == 200
    drop = {"date", "x-request-id"}
    assert {k.lower(): v for k, v in on.headers.items() if k.lower() not in drop} == {
        k.lower(): v for k, v in off.headers.items() if k.lower() not in drop
    }
    await _settle(stack, "products", 1)
    assert stack.products.seen[-1].path == "/catalogue/a/b?page=2"


async def test_injected_difference_is_recorded_under_its_field_and_noise_is_not(
    stack: Stack,
) -> None:
    await stack.set_features([feature(stage="shadow")])
    for pid in range(1, 9):
        assert (await stack.request("GET", f"/api/products/{pid}/")).status == 200
    await _settle(stack, "products", 8)
    # Same data on both sides: generated_at differs on every call but is learned as noise.
    assert stack.control.fields_reported("products") == {}
    assert "generated_at" in stack.proxy.shadow.noise.noise("product-detail")

    stack.products.price_cents = 1399
    for pid in range(1, 4):
        await stack.request("GET", f"/api/products/{pid}/")
    await _settle(stack, "products", 11)
    assert stack.control.fields_reported("products") == {"price_cents": 3}
    sample = next(
        f
        for r in stack.control.reports
        for e in r["shadow"]
        for f in e["fields"]
        if f["field"] == "price_cents"
    )["sample"]
    assert sample["legacy"] == 1299 and sample["new"] == 1399
    assert sample["path"].startswith("/api/products/")


async def test_hung_service_does_not_delay_the_primary(stack: Stack) -> None:
    await stack.set_features([feature(stage="shadow")])
    stack.products.delay = 5.0
    started = time.monotonic()
    for pid in range(1, 6):
        response = await stack.request("GET", f"/api/products/{pid}/")
        assert response.status == 200
        assert response.headers["X-Strangler-Backend"] == "legacy"
    assert time.monotonic() - started < 1.0


async def test_full_shadow_queue_drops_and_counts(make_stack) -> None:
    stack = await make_stack(shadow_queue_size=2, shadow_workers=1, shadow_timeout=5.0)
    await stack.set_features([feature(stage="shadow")])
    stack.products.delay = 1.0
    for pid in range(1, 11):
        assert (await stack.request("GET", f"/api/products/{pid}/")).status == 200
    deadline = time.monotonic() + 3
    while stack.control.shadow_total("products", "dropped") < 7:
        assert time.monotonic() < deadline, "drops were not reported"
        await asyncio.sleep(0.05)
    assert stack.control.shadow_total("products", "dropped") == 7
