"""Small live backends for the data-plane tests: a legacy shop, a service, and a control plane."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from multidict import CIMultiDict

from extracted_services.service_defaults.identity import InvalidIdentity, verify_token
from strangler_proxy.data_plane.translation import ApiRequest, ApiResponse

IDENTITY_SECRET = "identity-secret-for-tests-0123456789abcdef"
OVERRIDE_SECRET = "override-secret-for-tests-0123456789abcdef"
CONTROL_KEY = "control-key-for-tests"
STATE = web.AppKey("state", dict)


@dataclass
class Seen:
    method: str
    path: str
    headers: CIMultiDict[str]
    body: bytes


@dataclass
class BackendState:
    name: str
    seen: list[Seen] = field(default_factory=list)
    whoami_calls: int = 0
    csrf_checks: list[CIMultiDict[str]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)
    status_override: int | None = None
    delay: float = 0.0
    price_cents: int = 1299
    in_flight: int = 0
    max_in_flight: int = 0
    requires_token: bool = False


def _user_from(request: web.Request) -> int | None:
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Token good-"):
        return int(auth.removeprefix("Token good-"))
    session = request.cookies.get("sessionid", "")
    if session.startswith("sess-"):
        return int(session.removeprefix("sess-"))
    return None


def make_backend(name: str) -> tuple[web.Application, BackendState]:
    """A backend that records what it received.

    Services (name != legacy) act like the real ones: a bad bearer token gets 401, and without
    one the caller is anonymous, which may read but not write.
    """
    state = BackendState(name=name, requires_token=name != "legacy")
    app = web.Application(client_max_size=200 * 1024 * 1024)

    @web.middleware
    async def record(request: web.Request, handler: Any) -> web.StreamResponse:
        state.in_flight += 1
        state.max_in_flight = max(state.max_in_flight, state.in_flight)
        try:
            if request.path not in {"/upload", "/api/whoami/"}:
                state.seen.append(
                    Seen(request.method, request.raw_path, CIMultiDict(request.headers), b"")
                )
            if state.delay:
                await asyncio.sleep(state.delay)
            if state.status_override:
                return web.json_response({"error": "injected"}, status=state.status_override)
            if state.requires_token:
                authorization = request.headers.get("Authorization", "")
                if not authorization and request.method not in {"GET", "HEAD"}:
                    return web.json_response({"error": "anonymous may not write"}, status=401)
                if authorization:
                    try:
                        verify_token(authorization.removeprefix("Bearer "), secret=IDENTITY_SECRET)
                    except InvalidIdentity as exc:
                        return web.json_response({"error": f"no valid token: {exc}"}, status=401)
            return await handler(request)
        finally:
            state.in_flight -= 1

    app.middlewares.append(record)

    async def whoami(request: web.Request) -> web.Response:
        state.whoami_calls += 1
        user = _user_from(request)
        if user is None:
            return web.json_response({"detail": "not logged in"}, status=401)
        if request.method == "POST" and "Authorization" not in request.headers:
            # The monolith CSRF-checks unsafe session requests: the header must match the cookie.
            state.csrf_checks.append(CIMultiDict(request.headers))
            csrf = request.cookies.get("csrftoken", "")
            if not csrf or request.headers.get("X-CSRFToken") != csrf:
                return web.json_response(
                    {"error": "permission_denied", "message": "CSRF Failed: CSRF token missing."},
                    status=403,
                    headers={"Allow": "GET, POST, HEAD, OPTIONS", "Vary": "Cookie"},
                )
        return web.json_response({"user_id": user, "username": f"user{user}", "is_staff": False})

    async def echo(request: web.Request) -> web.Response:
        body = await request.read()
        return web.json_response(
            {
                "backend": name,
                "method": request.method,
                "path": request.raw_path,
                "headers": {k: v for k, v in request.headers.items()},
                "body_len": len(body),
            },
            headers={"Connection": "keep-alive, X-Secret-Hop", "X-Secret-Hop": "1"},
        )

    async def legacy_product(request: web.Request) -> web.Response:
        pid = int(request.match_info["id"])
        if pid > 1000:
            return web.json_response({"detail": "Not found."}, status=404)
        return web.json_response(
            {
                "id": pid,
                "prod_name": "Widget",
                "price_cents": state.price_cents,
                "generated_at": f"{time.time():.6f}",
            }
        )

    async def service_product(request: web.Request) -> web.Response:
        pid = int(request.match_info["id"])
        if pid > 1000:
            return web.json_response(
                {"type": "about:blank", "title": "Not Found", "status": 404}, status=404
            )
        cents = state.price_cents
        return web.json_response(
            {
                "legacy_id": pid,
                "name": "Widget",
                "price": {"amount": f"{cents // 100}.{cents % 100:02d}", "currency": "GBP"},
                "etag": uuid.uuid4().hex,
            }
        )

    async def catalogue(request: web.Request) -> web.Response:
        return web.json_response({"page": request.path_qs, "items": ["a", "b"]})

    async def create_order(request: web.Request) -> web.Response:
        body = await request.json()
        state.orders.append(body)
        return web.json_response({"id": len(state.orders), "owner": name}, status=201)

    async def stream(request: web.Request) -> web.StreamResponse:
        megabytes = int(request.query.get("mb", "1"))
        response = web.StreamResponse()
        response.content_type = "application/octet-stream"
        await response.prepare(request)
        chunk = b"x" * (1024 * 1024)
        for sent in range(megabytes):
            if request.query.get("break_after") == str(sent):
                assert request.transport is not None
                request.transport.close()  # the backend dies mid-answer
                return response
            await response.write(chunk)
        await response.write_eof()
        return response

    async def upload(request: web.Request) -> web.Response:
        total = 0
        async for chunk in request.content.iter_any():
            total += len(chunk)
        return web.json_response({"received": total})

    async def gzipped(request: web.Request) -> web.Response:
        import gzip

        return web.Response(
            body=gzip.compress(b'{"compressed": true}'),
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )

    app.router.add_get("/api/whoami/", whoami)
    app.router.add_post("/api/whoami/", whoami)
    app.router.add_get("/api/products/{id}/", legacy_product)
    app.router.add_get("/api/v1/products/{id}/", service_product)
    app.router.add_post("/api/orders/", create_order)
    app.router.add_post("/api/v1/orders/", create_order)
    app.router.add_get("/catalogue/{tail:.*}", catalogue)
    app.router.add_get("/stream", stream)
    app.router.add_post("/upload", upload)
    app.router.add_get("/gzip", gzipped)
    app.router.add_route("*", "/{tail:.*}", echo)
    app[STATE] = {"state": state}
    return app, state


@dataclass
class ControlState:
    document: dict[str, Any]
    reports: list[dict[str, Any]] = field(default_factory=list)
    polls: list[Mapping[str, str]] = field(default_factory=list)

    def set_features(self, features: list[dict[str, Any]]) -> int:
        self.document = {"version": self.document["version"] + 1, "features": features}
        return self.document["version"]

    def fields_reported(self, feature: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for report in self.reports:
            for entry in report["shadow"]:
                if entry["feature"] != feature:
                    continue
                for item in entry["fields"]:
                    counts[item["field"]] = counts.get(item["field"], 0) + item["count"]
        return counts

    def shadow_total(self, feature: str, key: str) -> int:
        return sum(e[key] for r in self.reports for e in r["shadow"] if e["feature"] == feature)


def make_control_plane() -> tuple[web.Application, ControlState]:
    state = ControlState(document={"version": 1, "features": []})
    app = web.Application()

    def authorised(request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Proxy {CONTROL_KEY}"

    async def table(request: web.Request) -> web.Response:
        if not authorised(request):
            return web.json_response({"detail": "forbidden"}, status=403)
        state.polls.append(dict(request.query))
        etag = f'"{state.document["version"]}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304)
        return web.json_response(state.document, headers={"ETag": etag})

    async def reports(request: web.Request) -> web.Response:
        if not authorised(request):
            return web.json_response({"detail": "forbidden"}, status=403)
        state.reports.append(await request.json())
        return web.json_response({"ok": True})

    app.router.add_get("/_strangler/api/v1/routing-table/", table)
    app.router.add_post("/_strangler/api/v1/reports/", reports)
    return app, state


def feature(
    name: str = "products",
    stage: str = "legacy",
    percent: int = 0,
    routes: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "name": name,
        "backend": name,
        "stage": stage,
        "percent": percent,
        "routes": routes if routes is not None else PRODUCT_ROUTES,
        **extra,
    }


PRODUCT_ROUTES = [
    {
        "id": "product-detail",
        "pattern": "/api/products/{id}/",
        "methods": ["GET", "HEAD"],
        "new_path": "/api/v1/products/{id}/",
        "translator": "strangler_proxy.tests.data_plane.fakes:ProductTranslator",
        "timeout": 2,
    },
    {"id": "catalogue", "pattern": "/catalogue/{rest*}", "timeout": 2},
    {"id": "stream", "pattern": "/stream", "timeout": 5},
    {"id": "upload", "pattern": "/upload", "timeout": 5},
]
ORDER_ROUTES = [
    {
        "id": "order-create",
        "pattern": "/api/orders/",
        "methods": ["POST", "GET"],
        "new_path": "/api/v1/orders/",
        "timeout": 2,
    },
    {"id": "orders-any", "pattern": "/orders/{rest*}", "timeout": 2},
]


class ProductTranslator:
    """A test ACL: the service's clean product, back into the legacy product's shape."""

    @staticmethod
    def to_new(request: ApiRequest, params: Mapping[str, str]) -> ApiRequest:
        return ApiRequest(
            request.method,
            f"/api/v1/products/{params['id']}/",
            request.query_string,
            request.headers,
            request.body,
        )

    @staticmethod
    def to_legacy(response: ApiResponse, request: ApiRequest) -> ApiResponse:
        data = json.loads(response.body)
        headers = CIMultiDict({"Content-Type": "application/json; charset=utf-8"})
        if response.status == 404:
            body = {"detail": "Not found."}
        else:
            amount = data["price"]["amount"]
            whole, _, cents = amount.partition(".")
            body = {
                "id": data["legacy_id"],
                "prod_name": data["name"],
                "price_cents": int(whole) * 100 + int(cents),
                "generated_at": data["etag"],
            }
        return ApiResponse(response.status, headers, json.dumps(body).encode())
