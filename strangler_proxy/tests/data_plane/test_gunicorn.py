"""The proxy under gunicorn: every worker follows a change within a second; metrics; draining."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from .conftest import _serve
from .fakes import (
    CONTROL_KEY,
    IDENTITY_SECRET,
    ORDER_ROUTES,
    OVERRIDE_SECRET,
    feature,
    make_backend,
    make_control_plane,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest_asyncio.fixture
async def gunicorn_stack(tmp_path):
    servers = []
    legacy_app, legacy = make_backend("legacy")
    orders_app, orders = make_backend("orders")
    control_app, control = make_control_plane()
    for app in (legacy_app, orders_app, control_app):
        servers.append(await _serve(app))
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "STRANGLER_BIND": f"127.0.0.1:{port}",
        "STRANGLER_WORKERS": "2",
        "STRANGLER_BACKENDS": (
            f"legacy={servers[0].make_url('/')},orders={servers[1].make_url('/')},"
            f"control={servers[2].make_url('/')}"
        ),
        "SERVICE_TOKEN_SECRET": IDENTITY_SECRET,
        "STRANGLER_OVERRIDE_SECRET": OVERRIDE_SECRET,
        "STRANGLER_CONTROL_KEY": CONTROL_KEY,
        "STRANGLER_SHUTDOWN_TIMEOUT": "5",
        "STRANGLER_RATE_LIMIT": "100000/second",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "STRANGLER_ACCESS_LOG": "1",
    }
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(REPO / "strangler_proxy/gunicorn_conf.py")],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as session:
        deadline = time.monotonic() + 20
        while True:
            try:
                async with session.get(f"{url}/ping") as response:
                    if response.status == 200:
                        break
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise AssertionError((tmp_path / "gunicorn.log").read_text())
            await asyncio.sleep(0.1)
    yield {
        "url": url,
        "process": process,
        "legacy": legacy,
        "orders": orders,
        "control": control,
        "log": tmp_path / "gunicorn.log",
    }
    if process.poll() is None:
        process.terminate()
        process.wait(20)
    log.close()
    for server in servers:
        await server.close()


async def test_every_worker_follows_a_stage_change_within_a_second(gunicorn_stack) -> None:
    url, control = gunicorn_stack["url"], gunicorn_stack["control"]
    control.set_features([feature("orders", "legacy", routes=ORDER_ROUTES)])
    await asyncio.sleep(1.0)
    version = control.set_features([feature("orders", "new", routes=ORDER_ROUTES)])
    flipped = time.monotonic()
    await asyncio.sleep(1.0)
    backends = []
    # Fresh connections spread the requests over both workers.
    for _ in range(40):
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"{url}/orders/1") as response,
        ):
            assert response.status == 200
            backends.append(response.headers["X-Strangler-Backend"])
    assert set(backends) == {"orders"}
    workers = {p["worker"].split(":")[1] for p in control.polls if p.get("applied") == str(version)}
    assert len(workers) == 2, "both workers report serving the new version"
    assert time.monotonic() - flipped < 3


async def test_metrics_are_aggregated_over_workers(gunicorn_stack) -> None:
    url = gunicorn_stack["url"]
    for _ in range(20):
        async with aiohttp.ClientSession() as session:
            await (await session.get(f"{url}/counted")).read()
    # Workers publish their table version after their first poll: give a loaded machine time.
    deadline = time.monotonic() + 5
    while True:
        async with aiohttp.ClientSession() as session:
            text = await (await session.get(f"{url}/metrics")).text()
        if text.count("strangler_route_table_version{") == 2 or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    total = sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("strangler_requests_total{") and 'backend="legacy"' in line
    )
    assert total >= 21  # 20 here plus the readiness probe
    assert "strangler_request_duration_seconds_bucket" in text
    assert text.count("strangler_route_table_version{") == 2, "one version line per worker"


async def test_sigterm_drains_in_flight_requests(gunicorn_stack) -> None:
    url, process = gunicorn_stack["url"], gunicorn_stack["process"]
    gunicorn_stack["legacy"].delay = 1.0
    async with aiohttp.ClientSession() as session:
        slow = asyncio.create_task(session.get(f"{url}/slow"))
        await asyncio.sleep(0.3)
        process.send_signal(signal.SIGTERM)
        response = await slow
        assert response.status == 200
        assert (await response.json())["path"] == "/slow"
    assert await asyncio.to_thread(process.wait, 10) == 0
    log = gunicorn_stack["log"].read_text()
    assert '"path":"/slow","status":200' in log
