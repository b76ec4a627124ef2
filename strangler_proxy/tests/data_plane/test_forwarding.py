"""Forwarding hygiene: headers, request ids, traces, streaming, size limits, refused targets."""

from __future__ import annotations

import gzip
import json

import aiohttp
import pytest

from .conftest import Stack, raw_request
from .fakes import feature

pytestmark = pytest.mark.asyncio


async def test_every_response_names_request_id_and_backend(stack: Stack) -> None:
    ok = await stack.request("GET", "/anything", headers={"X-Request-Id": "abc-123"})
    missing = await stack.request("GET", "/api/products/5000/")
    refused = await stack.request("GET", "/a/%2e%2e/b")
    assert ok.status == 200
    assert ok.headers["X-Request-Id"] == "abc-123"
    assert ok.headers["X-Strangler-Backend"] == "legacy"
    assert missing.status == 404 and missing.headers["X-Strangler-Backend"] == "legacy"
    assert len(missing.headers["X-Request-Id"]) == 32
    assert refused.status == 400 and refused.headers["X-Request-Id"]
    assert refused.headers["X-Strangler-Backend"] == "proxy"
    seen = stack.legacy.seen[0]
    assert seen.headers["X-Request-Id"] == "abc-123"


async def test_hop_by_hop_headers_dropped_and_forwarded_headers_set(stack: Stack) -> None:
    response = await stack.request(
        "GET",
        "/echo",
        headers={
            "Connection": "keep-alive, X-Drop-Me",
            "X-Drop-Me": "1",
            "Proxy-Authorization": "Basic abc",
            "TE": "trailers",
            "X-Forwarded-For": "6.6.6.6",
            "X-Forwarded-Host": "evil.example",
            "X-Keep": "yes",
        },
    )
    body = json.loads(await response.read())
    received = {k.lower(): v for k, v in body["headers"].items()}
    assert "x-drop-me" not in received and "proxy-authorization" not in received
    assert "te" not in received
    assert received["x-keep"] == "yes"
    assert received["x-forwarded-for"] == "127.0.0.1"
    assert received["x-forwarded-proto"] == "http"
    assert received["x-forwarded-host"] == f"127.0.0.1:{stack.url.port}"
    # The backend's own hop-by-hop headers do not reach the client either.
    assert "X-Secret-Hop" not in response.headers


async def test_traceparent_continues_the_callers_trace(stack: Stack) -> None:
    trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    await stack.request("GET", "/t1", headers={"traceparent": trace})
    await stack.request("GET", "/t2")
    continued = stack.legacy.seen[0].headers["traceparent"].split("-")
    fresh = stack.legacy.seen[1].headers["traceparent"].split("-")
    assert continued[1] == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert continued[2] != "00f067aa0ba902b7" and len(continued[2]) == 16
    assert len(fresh[1]) == 32 and fresh[1] != continued[1]


async def test_large_bodies_stream_both_ways(stack: Stack) -> None:
    await stack.set_features([feature(stage="new")])
    download = await stack.request("GET", "/stream", params={"mb": "20"})
    size = 0
    async for chunk in download.content.iter_chunked(1 << 20):
        size += len(chunk)
    assert download.headers["X-Strangler-Backend"] == "products"
    assert size == 20 * 1024 * 1024

    async def body():
        for _ in range(8):
            yield b"y" * (1024 * 1024)

    upload = await stack.request(
        "POST", "/upload", data=body(), headers={"Authorization": "Token good-1"}
    )
    assert (await upload.json())["received"] == 8 * 1024 * 1024


async def test_a_backend_dying_mid_stream_truncates_the_answer(stack: Stack) -> None:
    await stack.set_features([feature(stage="new")])
    response = await stack.request("GET", "/stream", params={"mb": "8", "break_after": "2"})
    assert response.status == 200
    with pytest.raises(aiohttp.ClientPayloadError):
        await response.read()
    # The proxy stays healthy for the next request.
    assert (await stack.request("GET", "/stream", params={"mb": "1"})).status == 200


async def test_body_size_limit(make_stack) -> None:
    stack = await make_stack(max_body_bytes=1024)
    declared = await stack.request("POST", "/upload", data=b"z" * 2048)

    async def chunked():
        for _ in range(4):
            yield b"z" * 1024

    streamed = await stack.request("POST", "/upload", data=chunked())
    small = await stack.request("POST", "/upload", data=b"z" * 100)
    assert declared.status == 413
    assert (await declared.json())["error"] == "body_too_large"
    assert streamed.status == 413
    assert small.status == 200 and (await small.json())["received"] == 100


async def test_compressed_answers_pass_through_untouched(stack: Stack) -> None:
    response = await stack.request("GET", "/gzip")
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(await response.read()) == b'{"compressed": true}'


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n", 400),
        (b"CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n", 405),
        (b"GET //evil.example/x HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"GET /api/..%2f..%2fadmin HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"GET /a/%2e%2e/%2e%2e/etc HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"GET /%2F%2Fevil.example/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"GET /x%5c..%5cy HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ],
)
async def test_request_targets_that_could_leave_the_backends_are_refused(
    stack: Stack, raw: bytes, status: int
) -> None:
    answered, text = await raw_request(stack.url, raw)
    assert answered == status, text
    assert "X-Strangler-Backend: proxy" in text
    assert stack.legacy.seen == [] and stack.products.seen == []


async def test_encoded_host_in_path_stays_on_the_backend(stack: Stack) -> None:
    response = await stack.request("GET", "/@evil.example/%40x?next=http://evil.example")
    body = await response.json()
    assert body["backend"] == "legacy"
    assert body["path"] == "/@evil.example/%40x?next=http://evil.example"
