"""Identity: resolved with the owner, forwarded as a signed token; client claims are ignored."""

from __future__ import annotations

import pytest

from strangler_proxy.tokens import IDENTITY_HEADER, InvalidToken, verify_identity_token

from .conftest import Stack
from .fakes import IDENTITY_SECRET, ORDER_ROUTES, feature

pytestmark = pytest.mark.asyncio


async def test_services_get_a_signed_short_lived_identity(stack: Stack) -> None:
    await stack.set_features([feature("orders", "new", routes=ORDER_ROUTES)])
    response = await stack.request(
        "GET", "/orders/mine", headers={"Cookie": "sessionid=sess-42; other=1"}
    )
    assert response.status == 200
    seen = stack.orders.seen[-1].headers
    identity = verify_identity_token(
        token=seen[IDENTITY_HEADER], audience="orders", secret=IDENTITY_SECRET
    )
    assert identity.user_id == 42 and identity.username == "user42"
    # The monolith's session cookie stays with the monolith.
    assert "Cookie" not in seen
    with pytest.raises(InvalidToken):
        verify_identity_token(token=seen[IDENTITY_HEADER], audience="users", secret=IDENTITY_SECRET)


async def test_spoofed_identity_headers_have_no_effect(stack: Stack) -> None:
    await stack.set_features([feature("orders", "new", routes=ORDER_ROUTES)])
    spoofed = {
        "X-User-Id": "1",
        "Remote-User": "admin",
        "X-Forwarded-User": "admin",
        IDENTITY_HEADER: "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",
        "X-Strangler-Backend": "legacy",
    }
    response = await stack.request("GET", "/orders/mine", headers=spoofed)
    seen = stack.orders.seen[-1].headers
    assert response.status == 200
    for name in ("X-User-Id", "Remote-User", "X-Forwarded-User"):
        assert name not in seen
    identity = verify_identity_token(
        token=seen[IDENTITY_HEADER], audience="orders", secret=IDENTITY_SECRET
    )
    assert identity.anonymous
    await stack.request("GET", "/plain", headers=spoofed)
    legacy_seen = stack.legacy.seen[-1].headers
    assert "X-User-Id" not in legacy_seen and IDENTITY_HEADER not in legacy_seen


async def test_services_refuse_calls_without_the_proxys_token(stack: Stack) -> None:
    direct = await stack.session.get(stack.servers["orders"].make_url("/orders/mine"))
    forged = await stack.session.get(
        stack.servers["orders"].make_url("/orders/mine"),
        headers={IDENTITY_HEADER: "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."},
    )
    assert direct.status == 401 and forged.status == 401


async def test_unknown_credentials_are_anonymous_and_briefly_cached(stack: Stack) -> None:
    await stack.set_features([feature("orders", "new", routes=ORDER_ROUTES)])
    for _ in range(5):
        await stack.request("GET", "/orders/x", headers={"Authorization": "Token stolen"})
    seen = stack.orders.seen[-1].headers
    identity = verify_identity_token(
        token=seen[IDENTITY_HEADER], audience="orders", secret=IDENTITY_SECRET
    )
    assert identity.anonymous
    assert stack.legacy.whoami_calls == 1
