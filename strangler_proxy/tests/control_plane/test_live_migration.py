"""End to end: the control plane live, the proxy as a process, fake backends, the CLI.

Covers the operator's path: stage flips mid-traffic (no failed request, followed within a
second), shadow diffs reaching `strangler diffs`, and the write-ownership switch there and back
under write load (no write lost or applied twice, the longest pause reported).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.contrib.auth.models import User

from strangler_cli.main import main as strangler
from strangler_proxy.control_plane.features.models import Feature, Route
from strangler_proxy.tests.data_plane.conftest import _serve
from strangler_proxy.tests.data_plane.fakes import (
    IDENTITY_SECRET,
    ORDER_ROUTES,
    OVERRIDE_SECRET,
    PRODUCT_ROUTES,
    BackendState,
    make_backend,
)

from .conftest import CONTROL_KEY

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
REPO = Path(__file__).resolve().parents[3]
BACKENDS: dict[str, BackendState] = {}


async def drain_fake_sync(feature: str, direction: str, timeout: float) -> None:
    """Stands in for forward/reverse sync of orders: copies what the old owner took."""
    legacy, service = BACKENDS["legacy"].orders, BACKENDS["orders"].orders
    source, target = (legacy, service) if direction == "forward" else (service, legacy)
    await asyncio.sleep(0.05)
    target.extend(item for item in list(source) if item not in target)


class FakeBackends:
    """The fake legacy shop and services, served from their own event loop thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.servers: dict[str, Any] = {}
        for name in ("legacy", "products", "orders"):
            app, state = make_backend(name)
            BACKENDS[name] = state
            self.servers[name] = self._run(_serve(app))

    def _run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    def url(self, name: str) -> str:
        return str(self.servers[name].make_url("/"))

    def close(self) -> None:
        for server in self.servers.values():
            self._run(server.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load(feature: str, routes: list[dict[str, Any]]) -> None:
    row = Feature.objects.create(name=feature, backend=feature)
    for position, route in enumerate(routes):
        Route.objects.create(
            feature=row,
            position=position,
            pattern=route["pattern"],
            methods=",".join(route.get("methods", [])),
            new_path=route.get("new_path") or "",
            translator=route.get("translator") or "",
            timeout=route.get("timeout", 5),
        )


@pytest.fixture
def live_stack(live_server, monkeypatch, settings, tmp_path) -> Iterator[dict[str, Any]]:
    settings.STRANGLER_CONTROL = {
        **settings.STRANGLER_CONTROL,
        "DRAIN_HOOK": "strangler_proxy.tests.control_plane.test_live_migration:drain_fake_sync",
    }
    User.objects.create_user("operator", password="pw-operator", is_staff=True)
    _load("products", PRODUCT_ROUTES)
    _load("orders", ORDER_ROUTES)
    backends = FakeBackends()
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "STRANGLER_PORT": str(port),
        "STRANGLER_BACKENDS": (
            f"legacy={backends.url('legacy')},products={backends.url('products')},"
            f"orders={backends.url('orders')},control={live_server.url}"
        ),
        "STRANGLER_CONTROL_KEY": CONTROL_KEY,
        "STRANGLER_OVERRIDE_SECRET": OVERRIDE_SECRET,
        "SERVICE_TOKEN_SECRET": IDENTITY_SECRET,
        "STRANGLER_RATE_LIMIT": "100000/second",
        "STRANGLER_POLL_INTERVAL": "0.25",
        "STRANGLER_ACCESS_LOG": "0",
    }
    log = open(tmp_path / "proxy.log", "w")  # noqa: SIM115 - closed below
    proxy = subprocess.Popen(
        [sys.executable, "-m", "strangler_proxy.data_plane"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if requests.get(f"{url}/_strangler/health/", timeout=1).status_code == 200:
                break
        except requests.RequestException:
            pass
        assert proxy.poll() is None and time.monotonic() < deadline, (
            tmp_path / "proxy.log"
        ).read_text()
        time.sleep(0.1)
    monkeypatch.setenv("STRANGLER_CONTROL_URL", f"{url}/_strangler/")
    monkeypatch.setenv("STRANGLER_USER", "operator")
    monkeypatch.setenv("STRANGLER_PASSWORD", "pw-operator")
    yield {"url": url, "proxy": proxy}
    proxy.terminate()
    proxy.wait(10)
    log.close()
    backends.close()


def _traffic(url: str, path: str, stop: threading.Event, seen: list[tuple[float, int, str]]):
    session = requests.Session()
    while not stop.is_set():
        response = session.get(f"{url}{path}", timeout=5)
        seen.append(
            (time.monotonic(), response.status_code, response.headers["X-Strangler-Backend"])
        )


def test_cli_flips_stages_mid_traffic_and_every_request_succeeds(live_stack, capsys) -> None:
    url = live_stack["url"]
    stop, seen = threading.Event(), []
    clients = [
        threading.Thread(target=_traffic, args=(url, "/orders/x", stop, seen)) for _ in range(3)
    ]
    for client in clients:
        client.start()
    time.sleep(0.3)
    assert strangler(["stage", "orders", "shadow", "--reason", "compare answers"]) == 0
    assert strangler(["stage", "orders", "canary", "--percent", "100", "--reason", "all in"]) == 0
    flipped = time.monotonic()
    time.sleep(1.5)
    stop.set()
    for client in clients:
        client.join()
    assert {status for _, status, _ in seen} == {200}
    assert {backend for t, _, backend in seen if t > flipped + 1.0} == {"orders"}
    out = capsys.readouterr().out
    assert "orders: legacy → shadow" in out and "orders: shadow → canary 100%" in out

    assert strangler(["rollback", "orders", "--reason", "enough"]) == 0
    assert strangler(["status"]) == 0
    status = capsys.readouterr().out
    assert "orders     shadow" in status


def test_cli_bad_input_says_what_is_allowed(live_stack, capsys) -> None:
    assert strangler(["stage", "nope", "shadow", "--reason", "x"]) == 2
    assert "unknown feature 'nope'; features: orders, products" in capsys.readouterr().err
    assert strangler(["stage", "orders", "writes-new", "--reason", "x"]) == 2
    assert "from legacy you can go to: shadow" in capsys.readouterr().err
    assert strangler(["stage", "orders", "canary", "--percent", "120", "--reason", "x"]) == 2
    assert "use a whole number 0-100" in capsys.readouterr().err
    assert strangler(["stage", "orders", "upwards", "--reason", "x"]) == 2
    assert "allowed stages: legacy, shadow, canary" in capsys.readouterr().err
    assert strangler(["rollback", "orders"]) == 2
    assert "no earlier stage" in capsys.readouterr().err
    assert Feature.objects.get(name="orders").stage == "legacy"


def test_shadow_mismatches_reach_strangler_diffs(live_stack, capsys) -> None:
    url = live_stack["url"]
    assert strangler(["stage", "products", "shadow", "--reason", "compare"]) == 0
    time.sleep(0.6)
    BACKENDS["products"].price_cents = 1399
    for pid in range(1, 11):
        assert requests.get(f"{url}/api/products/{pid}/", timeout=5).status_code == 200
    deadline = time.monotonic() + 5
    while True:
        capsys.readouterr()
        strangler(["diffs", "products"])
        out = capsys.readouterr().out
        if "price_cents" in out or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert "price_cents" in out and "legacy=1299 new=1399" in out
    assert "generated_at" not in out, "noise learned from two legacy answers is not reported"


def test_write_ownership_switch_there_and_back_under_write_load(live_stack, capsys) -> None:
    url = live_stack["url"]
    for stage, extra in (("shadow", []), ("canary", ["--percent", "20"])):
        assert strangler(["stage", "orders", stage, *extra, "--reason", "walk"]) == 0
    capsys.readouterr()
    time.sleep(0.6)
    stop = threading.Event()
    sent: list[int] = []
    failed: list[tuple[int, int]] = []
    pauses: list[float] = []
    numbers = iter(range(10**6))
    lock = threading.Lock()

    def writer() -> None:
        session = requests.Session()
        while not stop.is_set():
            with lock:
                n = next(numbers)
            started = time.monotonic()
            response = session.post(
                f"{url}/api/orders/",
                json={"n": n},
                headers={"Authorization": "Token good-5"},
                timeout=30,
            )
            pauses.append(time.monotonic() - started)
            if response.status_code == 201:
                sent.append(n)
            else:
                failed.append((n, response.status_code))

    writers = [threading.Thread(target=writer) for _ in range(3)]
    for thread in writers:
        thread.start()
    time.sleep(0.5)
    assert strangler(["stage", "orders", "writes-new", "--reason", "service owns orders"]) == 0
    forward = capsys.readouterr().out
    time.sleep(0.5)
    assert strangler(["rollback", "orders", "--reason", "back to the monolith"]) == 0
    reverse = capsys.readouterr().out
    time.sleep(0.5)
    stop.set()
    for thread in writers:
        thread.join()

    assert failed == []
    legacy_numbers = [order["n"] for order in BACKENDS["legacy"].orders]
    assert sorted(legacy_numbers) == sorted(sent), "every write is in legacy exactly once"
    assert len(set(legacy_numbers)) == len(legacy_numbers)
    assert BACKENDS["orders"].orders, "the service took writes while it owned them"
    assert "writes held" in forward and "writes held" in reverse
    longest = max(pauses)
    print(f"longest write pause: {longest * 1000:.0f} ms; {forward.strip()}; {reverse.strip()}")
    assert longest < 5
    feature = Feature.objects.get(name="orders")
    assert (feature.stage, feature.percent, feature.write_hold) == ("canary", 20, False)
