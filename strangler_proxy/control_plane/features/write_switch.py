"""The write-ownership switch: hold the feature's writes, drain sync, flip, release.

1. Mark the feature `write_hold` (a new table version): every proxy worker stops passing the
   feature's writes on and queues them (data_plane/write_gate.py).
2. Wait until every live worker serves that version and reports the feature idle (no write in
   flight to the old owner), bounded by SETTLE_TIMEOUT_SECONDS.
3. Await the drain hook: an async `drain(feature, direction, timeout)` that returns once sync
   has applied everything the old owner took (forward sync when moving to writes-new, reverse
   sync when rolling back), bounded by DRAIN_TIMEOUT_SECONDS.
4. Keep holding until MIN_HOLD_SECONDS have passed, so the monolith's ports saw the hold.
5. Store the new stage with the hold lifted, in one transaction: the held writes continue to the
   new owner. The pause is recorded in the audit entry.
If step 2 or 3 fails, the hold is lifted with the stage unchanged and the attempt is audited.

Call from a thread that may block for those bounds (the control plane runs threaded workers).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from strangler_proxy.stages import NEW_OWNS_WRITES, StageTarget

from .conf import control_setting
from .models import AuditEntry, Feature, ProxyWorker
from .selectors import table_version

log = logging.getLogger("strangler.control.switch")
DrainHook = Callable[[str, str, float], Awaitable[None]]
POLL_SECONDS = 0.05


class SwitchAborted(Exception):
    """The switch could not complete; writes were released to the old owner, nothing changed."""


async def drain_without_sync(feature: str, direction: str, timeout: float) -> None:
    """The default hook while no sync is configured: nothing to wait for."""
    log.warning("no drain hook configured: switching %s (%s) without waiting", feature, direction)


def load_drain_hook() -> DrainHook:
    reference = control_setting("DRAIN_HOOK") or ""
    if not reference:
        return drain_without_sync
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)


def switch_write_owner(
    *,
    feature: Feature,
    target: StageTarget,
    reason: str,
    actor: str,
    forced: bool,
    kind: str,
    drain: DrainHook | None = None,
) -> AuditEntry:
    from .services import apply_stage

    direction = "forward" if target.stage in NEW_OWNS_WRITES else "reverse"
    started = time.monotonic()
    version = _hold(feature, held=True)
    held_at = time.monotonic()
    try:
        _wait_for_idle_workers(feature.name, version, control_setting("SETTLE_TIMEOUT_SECONDS"))
        timeout = control_setting("DRAIN_TIMEOUT_SECONDS")
        asyncio.run(
            _bounded((drain or load_drain_hook())(feature.name, direction, timeout), timeout)
        )
        # The monolith's ports re-read the stages on every call while they see a hold, and
        # their copies are younger than MIN_HOLD_SECONDS: after this, none acts on the old owner.
        time.sleep(max(held_at + control_setting("MIN_HOLD_SECONDS") - time.monotonic(), 0.0))
    except Exception as exc:
        _hold(feature, held=False)
        AuditEntry.objects.create(
            feature=feature,
            kind=AuditEntry.Kind.SWITCH_ABORTED,
            actor=actor,
            from_stage=feature.stage,
            from_percent=feature.percent,
            to_stage=target.stage.value,
            to_percent=target.percent,
            reason=f"{reason} (aborted: {exc})",
            forced=forced,
            write_pause_ms=int((time.monotonic() - started) * 1000),
        )
        raise SwitchAborted(
            f"write switch of {feature.name} to {target.stage.value} aborted, writes resumed "
            f"on the old owner: {exc}"
        ) from exc
    return apply_stage(
        feature=feature,
        target=target,
        reason=reason,
        actor=actor,
        forced=forced,
        kind=kind,
        write_pause_ms=int((time.monotonic() - started) * 1000),
    )


async def _bounded(awaitable: Awaitable[None], timeout: float) -> None:
    try:
        async with asyncio.timeout(timeout):
            await awaitable
    except TimeoutError:
        raise TimeoutError(f"sync did not drain within {timeout:g}s") from None


def _hold(feature: Feature, *, held: bool) -> int:
    with transaction.atomic():
        Feature.objects.select_for_update().filter(pk=feature.pk).get()
        feature.write_hold = held
        feature.save(update_fields=["write_hold", "updated_at"])
        return table_version()


def _wait_for_idle_workers(name: str, version: int, timeout: float) -> None:
    """Every worker seen recently serves `version` and has no write of `name` in flight."""
    liveness = timedelta(seconds=control_setting("WORKER_LIVENESS_SECONDS"))
    deadline = time.monotonic() + timeout
    while True:
        live = ProxyWorker.objects.filter(last_seen__gte=timezone.now() - liveness)
        waiting = [
            w.worker_id
            for w in live
            if w.applied_version < version or name not in (w.idle_features or [])
        ]
        if not waiting:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"{len(waiting)} proxy worker(s) did not hold {name}'s writes within "
                f"{timeout:g}s: {', '.join(waiting[:5])}"
            )
        time.sleep(POLL_SECONDS)
