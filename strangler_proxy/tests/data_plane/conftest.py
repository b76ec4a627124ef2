"""Live servers for the data-plane tests: fake backends and control plane, the proxy in-process."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer
from yarl import URL

from strangler_proxy.data_plane.app import PROXY_KEY, create_app
from strangler_proxy.data_plane.proxy import Proxy
from strangler_proxy.data_plane.settings import ProxySettings

from .fakes import (
    CONTROL_KEY,
    IDENTITY_SECRET,
    OVERRIDE_SECRET,
    BackendState,
    ControlState,
    make_backend,
    make_control_plane,
)


@dataclass
class Stack:
    proxy_server: TestServer
    session: aiohttp.ClientSession
    legacy: BackendState
    products: BackendState
    orders: BackendState
    control: ControlState
    servers: dict[str, TestServer]

    @property
    def url(self) -> URL:
        return self.proxy_server.make_url("/")

    @property
    def proxy(self) -> Proxy:
        return self.proxy_server.app[PROXY_KEY]

    async def request(self, method: str, path: str, **kwargs: Any) -> aiohttp.ClientResponse:
        return await self.session.request(method, self.url.with_path(path, encoded=True), **kwargs)

    async def set_features(self, features: list[dict[str, Any]], timeout: float = 2.0) -> float:
        """Publish a table on the control plane; returns how long the proxy took to follow."""
        version = self.control.set_features(features)
        started = time.monotonic()
        while self.proxy.table.version != version:
            if time.monotonic() - started > timeout:
                raise AssertionError(f"proxy did not follow version {version} in {timeout}s")
            await asyncio.sleep(0.01)
        return time.monotonic() - started


async def _serve(app: web.Application) -> TestServer:
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return server


@pytest.fixture
def settings_factory() -> Callable[..., ProxySettings]:
    def build(backends: dict[str, URL], control: URL, **overrides: Any) -> ProxySettings:
        base = ProxySettings(
            backends=backends,
            control_plane_url=control,
            poll_interval=0.05,
            report_interval=0.1,
            identity_secret=IDENTITY_SECRET,
            override_secret=OVERRIDE_SECRET,
            control_key=CONTROL_KEY,
            breaker_threshold=3,
            breaker_ttl=0.5,
            rate_limit="10000/second",
            access_log=False,
        )
        return replace(base, **overrides)

    return build


@pytest_asyncio.fixture
async def make_stack(settings_factory: Callable[..., ProxySettings]):
    started: list[Stack] = []

    async def build(**overrides: Any) -> Stack:
        servers: dict[str, TestServer] = {}
        states: dict[str, BackendState] = {}
        for name in ("legacy", "products", "orders"):
            app, state = make_backend(name)
            servers[name] = await _serve(app)
            states[name] = state
        control_app, control = make_control_plane()
        servers["control"] = await _serve(control_app)
        backends = {name: server.make_url("/") for name, server in servers.items()}
        settings = settings_factory(backends, servers["control"].make_url("/"), **overrides)
        proxy_server = await _serve(create_app(settings))
        stack = Stack(
            proxy_server=proxy_server,
            session=aiohttp.ClientSession(auto_decompress=False),
            legacy=states["legacy"],
            products=states["products"],
            orders=states["orders"],
            control=control,
            servers=servers,
        )
        started.append(stack)
        return stack

    yield build
    for stack in started:
        await stack.session.close()
        await stack.proxy_server.close()
        for server in stack.servers.values():
            await server.close()


@pytest_asyncio.fixture
async def stack(make_stack: Callable[..., Any]) -> Stack:
    return await make_stack()


async def raw_request(url: URL, data: bytes) -> tuple[int, str]:
    """Send raw bytes (for request targets no client library will build); status and reply."""
    reader, writer = await asyncio.open_connection(url.host, url.port)
    writer.write(data)
    await writer.drain()
    reply = await asyncio.wait_for(reader.read(65536), 5)
    writer.close()
    text = reply.decode("latin-1")
    return int(text.split(" ", 2)[1]), text
