"""The write-ownership switch: hold, wait for workers, drain (bounded), flip; abort cleanly."""

from __future__ import annotations

import threading
import time

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from strangler_proxy.control_plane.features import write_switch
from strangler_proxy.control_plane.features.models import AuditEntry, Feature, ProxyWorker
from strangler_proxy.control_plane.features.selectors import table_version
from strangler_proxy.control_plane.features.services import feature_stage_change
from strangler_proxy.stages import Stage, StageTarget

from .conftest import move

# The switch waits on other threads' database writes: they must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def _to_canary(api: APIClient) -> None:
    move(api, "products", "shadow")
    move(api, "products", "canary", 50)


def _fake_worker(stop: threading.Event, seen_versions: list[int]) -> None:
    """Polls like a proxy worker: reports the version it serves and that held writes drained."""
    from django.db import connection

    try:
        while not stop.is_set():
            feature = Feature.objects.get(name="products")
            version = table_version()
            seen_versions.append(version)
            ProxyWorker.objects.update_or_create(
                worker_id="fake-worker",
                defaults={
                    "applied_version": version,
                    "idle_features": ["products"] if feature.write_hold else [],
                    "last_seen": timezone.now(),
                },
            )
            time.sleep(0.05)
    finally:
        connection.close()


def test_switch_holds_writes_until_sync_drained_then_flips(api: APIClient, products) -> None:
    _to_canary(api)
    stop, versions = threading.Event(), []
    worker = threading.Thread(target=_fake_worker, args=(stop, versions))
    worker.start()
    time.sleep(0.1)
    observed: dict[str, object] = {}

    async def drain(feature: str, direction: str, timeout: float) -> None:
        held = await _held()
        observed.update(feature=feature, direction=direction, held_during_drain=held)

    async def _held() -> bool:
        from asgiref.sync import sync_to_async

        return await sync_to_async(lambda: Feature.objects.get(name="products").write_hold)()

    try:
        entry = write_switch.switch_write_owner(
            feature=Feature.objects.get(name="products"),
            target=StageTarget(Stage.WRITES_NEW, 100),
            reason="products service owns writes",
            actor="operator",
            forced=False,
            kind=AuditEntry.Kind.STAGE,
            drain=drain,
        )
    finally:
        stop.set()
        worker.join()
    assert observed == {"feature": "products", "direction": "forward", "held_during_drain": True}
    products.refresh_from_db()
    assert (products.stage, products.write_hold) == ("writes-new", False)
    assert entry.write_pause_ms is not None and entry.write_pause_ms < 3000
    assert (entry.from_stage, entry.to_stage) == ("canary", "writes-new")


def test_a_drain_that_never_finishes_aborts_and_releases_writes(
    api: APIClient, products, settings
) -> None:
    _to_canary(api)
    settings.STRANGLER_CONTROL = {**settings.STRANGLER_CONTROL, "DRAIN_TIMEOUT_SECONDS": 0.3}
    settings.STRANGLER_CONTROL["DRAIN_HOOK"] = (
        "strangler_proxy.tests.control_plane.test_write_switch:never_drains"
    )
    response = move(api, "products", "writes-new")
    assert response.status_code == 409
    assert "did not drain within 0.3s" in response.json()["detail"]
    products.refresh_from_db()
    assert (products.stage, products.percent, products.write_hold) == ("canary", 50, False)
    aborted = AuditEntry.objects.filter(kind="switch-aborted").get()
    assert aborted.to_stage == "writes-new" and "aborted" in aborted.reason


def test_a_worker_that_never_goes_idle_aborts_the_switch(
    api: APIClient, products, settings
) -> None:
    _to_canary(api)
    settings.STRANGLER_CONTROL = {**settings.STRANGLER_CONTROL, "SETTLE_TIMEOUT_SECONDS": 0.3}
    ProxyWorker.objects.create(
        worker_id="busy", applied_version=0, idle_features=[], last_seen=timezone.now()
    )
    with pytest.raises(write_switch.SwitchAborted, match="1 proxy worker"):
        feature_stage_change(
            name="products", stage="writes-new", percent=None, reason="go", actor="operator"
        )
    products.refresh_from_db()
    assert (products.stage, products.write_hold) == ("canary", False)


def test_rollback_from_writes_new_drains_in_reverse(api: APIClient, products, settings) -> None:
    _to_canary(api)
    CALLS.clear()
    settings.STRANGLER_CONTROL = {
        **settings.STRANGLER_CONTROL,
        "DRAIN_HOOK": "strangler_proxy.tests.control_plane.test_write_switch:recording_drain",
    }
    move(api, "products", "writes-new")
    api.post("/_strangler/api/v1/features/products/rollback/", {}, format="json")
    assert CALLS == ["products:forward", "products:reverse"]
    products.refresh_from_db()
    assert products.stage == "canary"


CALLS: list[str] = []


async def recording_drain(feature: str, direction: str, timeout: float) -> None:
    CALLS.append(f"{feature}:{direction}")


async def never_drains(feature: str, direction: str, timeout: float) -> None:
    import asyncio

    await asyncio.sleep(3600)
