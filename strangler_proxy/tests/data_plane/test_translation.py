"""Legacy API clients see the same answers whether legacy or the service serves their route."""

from __future__ import annotations

import json

import pytest

from .conftest import Stack
from .fakes import feature

pytestmark = pytest.mark.asyncio


async def _answers(stack: Stack) -> list[tuple[int, dict]]:
    out = []
    for pid in (1, 7, 5000):
        response = await stack.request("GET", f"/api/products/{pid}/")
        body = json.loads(await response.read())
        body.pop("generated_at", None)  # differs on every call, by design of the legacy shop
        out.append((response.status, response.headers["Content-Type"], body))
    return out


async def test_legacy_client_sees_the_same_shapes_statuses_and_errors(stack: Stack) -> None:
    await stack.set_features([feature(stage="legacy")])
    from_legacy = await _answers(stack)
    await stack.set_features([feature(stage="new")])
    from_service = await _answers(stack)
    assert from_service == from_legacy
    assert from_legacy[2][0] == 404
    assert [s.path for s in stack.products.seen] == [
        "/api/v1/products/1/",
        "/api/v1/products/7/",
        "/api/v1/products/5000/",
    ]
