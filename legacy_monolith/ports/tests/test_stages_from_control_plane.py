"""With a control plane configured, the ports follow its route table, at most a second behind."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from legacy_monolith import ports
from legacy_monolith.ports import stages
from legacy_monolith.ports.catalogue import LegacyCatalogue
from legacy_monolith.ports.service.catalogue import ServiceCatalogue
from legacy_monolith.ports.stages import StagesUnavailable, feature_stage, service_owns

KEY = "control-key-of-the-stages-tests"


class FakeControlPlane(ThreadingHTTPServer):
    """Serves a route table with an ETag, as the control plane does; counts what it answered."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.version = 1
        self.features = [
            {"name": "products", "stage": "canary", "percent": 10, "write_hold": False},
            {"name": "orders", "stage": "legacy", "percent": 0, "write_hold": False},
        ]
        self.answers: list[int] = []
        self.failing = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def change(self, name: str, **fields: object) -> None:
        next(f for f in self.features if f["name"] == name).update(fields)
        self.version += 1


class _Handler(BaseHTTPRequestHandler):
    server: FakeControlPlane

    def do_GET(self) -> None:
        plane, etag = self.server, f'"{self.server.version}"'
        if plane.failing:
            status, body = 500, b"boom"
        elif self.path != stages.TABLE_PATH or self.headers["Authorization"] != f"Proxy {KEY}":
            status, body = 403, b"only staff members and the strangler proxy"
        elif self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        else:
            document = {"version": plane.version, "features": plane.features}
            status, body = 200, json.dumps(document).encode()
        plane.answers.append(status)
        self.send_response(status)
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def control_plane(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeControlPlane]:
    monkeypatch.setenv("STRANGLER_CONTROL_KEY", KEY)
    monkeypatch.setattr(stages, "_sources", {})
    plane = FakeControlPlane()
    thread = threading.Thread(target=plane.serve_forever, daemon=True)
    thread.start()
    with override_settings(
        STRANGLER_CONTROL_PLANE_URL=plane.url,
        # Settings say otherwise: the control plane wins.
        STRANGLER_STAGES={"users": "new", "products": "new", "orders": "new"},
    ):
        yield plane
    plane.shutdown()
    plane.server_close()


def test_the_ports_follow_the_control_plane_not_the_settings(control_plane, services):
    assert feature_stage("products").value == "canary"
    assert feature_stage("orders").value == "legacy"
    assert feature_stage("users").value == "legacy", "a feature it does not know is legacy"
    assert isinstance(ports.catalogue(), LegacyCatalogue)

    control_plane.change("products", stage="writes-new", percent=100)
    time.sleep(stages.MAX_AGE_SECONDS)

    assert service_owns("products") is True
    assert isinstance(ports.catalogue(), ServiceCatalogue)
    assert control_plane.answers == [200, 200]


def test_a_fresh_copy_costs_nothing_and_an_old_one_one_conditional_request(control_plane):
    for _ in range(20):
        feature_stage("products")
    assert control_plane.answers == [200]

    time.sleep(stages.MAX_AGE_SECONDS)
    feature_stage("products")
    feature_stage("orders")
    assert control_plane.answers == [200, 304]


def test_while_writes_are_held_every_call_asks_again(control_plane):
    control_plane.change("products", write_hold=True)
    assert feature_stage("products").value == "canary"
    control_plane.change("products", stage="writes-new", write_hold=False)

    # No waiting: the copy showed a hold, so the next call revalidates.
    assert feature_stage("products").value == "writes-new"
    assert control_plane.answers == [200, 200]
    feature_stage("products")
    assert control_plane.answers == [200, 200], "no hold any more: the copy is fresh again"


def test_an_unreachable_control_plane_keeps_the_last_table(control_plane, caplog):
    assert feature_stage("products").value == "canary"
    control_plane.failing = True
    time.sleep(stages.MAX_AGE_SECONDS)

    assert feature_stage("products").value == "canary"
    assert feature_stage("products").value == "canary"
    assert control_plane.answers == [200, 500], "retried after max age, not on every call"
    assert "route table at" in caplog.text and "keeping the last one" in caplog.text


def test_a_control_plane_never_read_is_a_clear_error(control_plane):
    control_plane.failing = True
    with pytest.raises(
        StagesUnavailable, match=r"answered 500: boom\), so the monolith cannot tell"
    ):
        feature_stage("products")


def test_a_wrong_key_is_refused_and_reported(control_plane, monkeypatch):
    monkeypatch.setenv("STRANGLER_CONTROL_KEY", "not-the-key")
    with pytest.raises(StagesUnavailable, match=r"routing-table/ cannot be read \(answered 403"):
        feature_stage("orders")
    assert control_plane.answers == [403]


def test_a_stage_the_monolith_does_not_know_names_the_control_plane(control_plane):
    control_plane.change("orders", stage="writes_new")
    with pytest.raises(
        ImproperlyConfigured, match=r"the control plane at http://127.*'writes_new'"
    ):
        feature_stage("orders")
