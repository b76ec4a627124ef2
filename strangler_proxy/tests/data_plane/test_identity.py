"""Identity: resolved with the owner, forwarded as a signed token; client claims are ignored."""

from __future__ import annotations

import pytest

from extracted_services.service_defaults.identity import (
    Identity,
    InvalidIdentity,
    issue_token,
    verify_token,
)

from .conftest import Stack
from .fakes import IDENTITY_SECRET, ORDER_ROUTES, feature

pytestmark = pytest.mark.asyncio


def _caller(stack: Stack) -> Identity | None:
    authorization = stack.orders.seen[-1].headers.get("Authorization")
    if authorization is None:
        return None
    return verify_token(authorization.removeprefix("Bearer "), secret=IDENTITY_SECRET)


async def test_services_get_a_signed_short_lived_identity(stack: Stack) -> None:
    await stack.set_features([feature("orders", "new", routes=ORDER_ROUTES)])
    response = await stack.request(
        "GET", "/orders/mine", headers={"Cookie": "sessionid=sess-42; other=1"}
    )
    assert response.status == 200
    caller = _caller(stack)
    assert caller is not None
    assert (caller.kind, caller.subject, caller.username) == ("user", "42", "user42")
    # The monolith's session cookie stays with the monolith.
    assert "Cookie" not in stack.orders.seen[-1].headers
    with pytest.raises(InvalidIdentity):
        token = stack.orders.seen[-1].headers["Authorization"].removeprefix("Bearer ")
        verify_token(token, secret="another-secret-of-sufficient-length-000000")


async def test_spoofed_identity_headers_have_no_effect(stack: Stack) -> None:
    await stack.set_features([feature("orders", "new", routes=ORDER_ROUTES)])
    self_signed = issue_token(
        Identity(kind="service", subject="mallory"),
        issuer="mallory",
        secret="a-secret-mallory-made-up-for-herself-0000",
    )
    spoofed = {
        "X-User-Id": "1",
        "Remote-User": "admin",
        "X-Forwarded-User": "admin",
        "Authorization": f"Bearer {self_signed}",
        "X-Strangler-Backend": "legacy",
    }
    response = await stack.request("GET", "/orders/mine", headers=spoofed)
    assert response.status == 200
    seen = stack.orders.seen[-1].headers
    for name in ("X-User-Id", "Remote-User", "X-Forwarded-User", "Authorization"):
        assert name not in seen
    assert _caller(stack) is None, "an anonymous caller reaches the service as anonymous"
    write = await stack.request("POST", "/api/orders/", json={"n": 1}, headers=spoofed)
    assert write.status == 401 and stack.orders.orders == []
    await stack.request("GET", "/plain", headers=spoofed)
    assert "X-User-Id" not in stack.legacy.seen[-1].headers


async def test_services_refuse_calls_without_the_proxys_token(stack: Stack) -> None:
    orders = stack.servers["orders"].make_url("/api/v1/orders/")
    forged = issue_token(
        Identity(kind="user", subject="1"),
        issuer="strangler-proxy",
        secret="guessed-secret-guessed-secret-guessed-0000",
    )
    direct = await stack.session.post(orders, json={"n": 1})
    with_forged = await stack.session.post(
        orders, json={"n": 1}, headers={"Authorization": f"Bearer {forged}"}
    )
    assert direct.status == 401 and with_forged.status == 401
    assert stack.orders.orders == []


async def test_a_refused_token_is_answered_as_the_owner_refused_it_and_briefly_cached(
    stack: Stack,
) -> None:
    await stack.set_features([feature("orders", "new", routes=ORDER_ROUTES)])
    served_before = len(stack.orders.seen)
    for _ in range(5):
        response = await stack.request(
            "GET", "/orders/x", headers={"Authorization": "Token stolen"}
        )
        assert response.status == 401
        assert await response.json() == {"detail": "not logged in"}
        assert response.headers["X-Strangler-Backend"] == "legacy"
    # Never served as anonymous: the service was not asked.
    assert len(stack.orders.seen) == served_before
    assert stack.legacy.whoami_calls == 1


async def test_an_unknown_session_is_anonymous_and_briefly_cached(stack: Stack) -> None:
    await stack.set_features([feature("orders", "new", routes=ORDER_ROUTES)])
    for _ in range(5):
        response = await stack.request("GET", "/orders/x", headers={"Cookie": "sessionid=gone"})
        assert response.status == 200
    assert _caller(stack) is None
    assert stack.legacy.whoami_calls == 1


async def test_a_session_write_without_its_csrf_token_is_refused_before_the_service(
    stack: Stack,
) -> None:
    await stack.set_features([feature("orders", "new", routes=ORDER_ROUTES)])
    served_before = len(stack.orders.seen)
    response = await stack.request(
        "POST",
        "/orders/x",
        headers={"Cookie": "sessionid=sess-7; csrftoken=abc", "Origin": "http://shop.test"},
        data=b"{}",
    )
    assert response.status == 403
    assert (await response.json())["error"] == "permission_denied"
    assert "Allow" not in response.headers  # the route has no legacy endpoint to name
    assert len(stack.orders.seen) == served_before
    # The owner judged it with what the monolith's CSRF check reads.
    checked = stack.legacy.csrf_checks[-1]
    assert checked["Origin"] == "http://shop.test"
    assert "X-Forwarded-Host" in checked


async def test_a_session_write_with_its_csrf_token_goes_to_the_service_as_the_caller(
    stack: Stack,
) -> None:
    await stack.set_features([feature("orders", "new", routes=ORDER_ROUTES)])
    for _ in range(2):  # never cached: each write is checked
        response = await stack.request(
            "POST",
            "/orders/x",
            headers={"Cookie": "sessionid=sess-7; csrftoken=abc", "X-CSRFToken": "abc"},
            data=b"{}",
        )
        assert response.status == 200
        caller = _caller(stack)
        assert caller is not None and caller.subject == "7"
    assert len(stack.legacy.csrf_checks) == 2


async def test_a_token_write_needs_no_csrf_token(stack: Stack) -> None:
    await stack.set_features([feature("orders", "new", routes=ORDER_ROUTES)])
    response = await stack.request(
        "POST", "/orders/x", headers={"Authorization": "Token good-9"}, data=b"{}"
    )
    assert response.status == 200
    caller = _caller(stack)
    assert caller is not None and caller.subject == "9"
    assert stack.legacy.csrf_checks == []
