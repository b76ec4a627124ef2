"""Requests and service answers as the proxy hands them to a translator, for tests."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from multidict import CIMultiDict

from extracted_services.service_defaults.identity import Identity, bearer_header
from strangler_proxy.data_plane.translation import ApiRequest, ApiResponse

SERVICE_DATE = "Sat, 01 Mar 2025 09:30:15 GMT"


def legacy_request(
    method: str,
    path: str,
    query: str = "",
    *,
    user: int | None = None,
    staff: bool = False,
    body: Any = None,
    content_type: str = "application/json",
) -> ApiRequest:
    """A legacy API request after the proxy's header hygiene: a signed-in caller carries the
    proxy's Bearer token, never the monolith's credentials."""
    headers: CIMultiDict[str] = CIMultiDict({"X-Request-Id": "req-1", "Accept": "*/*"})
    if user is not None:
        identity = Identity(kind="user", subject=str(user), username="dora", is_staff=staff)
        headers.update(bearer_header(identity, issuer="strangler-proxy"))
    payload = b""
    if body is not None:
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers["Content-Type"] = content_type
    return ApiRequest(method, path, query, headers, payload)


def service_answer(status: int, body: Any) -> ApiResponse:
    content_type = "application/json" if status < 400 else "application/problem+json"
    headers = CIMultiDict(
        {
            "Content-Type": content_type,
            "Date": SERVICE_DATE,
            "Server": "gunicorn",
            "X-Request-Id": "req-1",
            "Vary": "Accept",
            "Allow": "GET, POST, HEAD, OPTIONS",
        }
    )
    return ApiResponse(status, headers, json.dumps(body).encode())


def problem(status: int, code: str, detail: str = "", **extra: Any) -> ApiResponse:
    body = {
        "type": f"https://problems.strangler-shop.example/{code}",
        "title": "x",
        "status": status,
        "detail": detail,
        **extra,
    }
    return service_answer(status, body)


def health() -> ApiResponse:
    return service_answer(200, {"status": "live"})


def page(results: list[Any], count: int | None = None) -> ApiResponse:
    return service_answer(
        200,
        {
            "count": len(results) if count is None else count,
            "next": None,
            "previous": None,
            "results": results,
        },
    )


def body_of(answer: ApiResponse) -> Any:
    return json.loads(answer.body)


def query_of(request: ApiRequest) -> dict[str, str]:
    return dict(parse_qsl(request.query_string))
