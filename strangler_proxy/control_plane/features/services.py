"""Writes of the control plane: stage changes and rollbacks (audited), proxy reports, heartbeats."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from strangler_proxy.stages import (
    Stage,
    StageError,
    StageTarget,
    check_transition,
    crosses_write_owner,
    parse_stage,
    previous_stage,
)

from . import write_switch
from .gates import audited_reason, check_gates
from .models import (
    AuditEntry,
    Feature,
    ProxyWorker,
    ShadowDiff,
    ShadowTally,
    TrafficTally,
)
from .selectors import feature_get


def feature_stage_change(
    *,
    name: str,
    stage: str,
    percent: int | None,
    reason: str,
    actor: str,
    force: bool = False,
    kind: str = AuditEntry.Kind.STAGE,
) -> AuditEntry:
    """Move a feature to `stage`; crossing write ownership runs the write-ownership switch.

    Moving forward passes the stage gates first unless `force` (gates.py).
    Raises UnknownFeature, StageError (the message says what is allowed; GatesNotPassed lists
    each gate with its evidence) or SwitchAborted.
    """
    if not reason.strip():
        raise StageError("a reason is required: say why the stage changes")
    feature = feature_get(name=name)
    current = parse_stage(feature.stage)
    target = check_transition(
        current=current,
        current_percent=feature.percent,
        target=parse_stage(stage),
        percent=percent,
        force=force,
    )
    # Gates first, so a refused move never holds a write.
    results = [] if force else check_gates(feature=feature, current=current, target=target)
    reason = audited_reason(reason=reason, results=results, forced=force)
    if crosses_write_owner(current, target.stage):
        return write_switch.switch_write_owner(
            feature=feature, target=target, reason=reason, actor=actor, forced=force, kind=kind
        )
    return apply_stage(
        feature=feature, target=target, reason=reason, actor=actor, forced=force, kind=kind
    )


def feature_rollback(*, name: str, reason: str, actor: str) -> AuditEntry:
    """Back one stage (canary returns to the percentage it had before), always allowed."""
    feature = feature_get(name=name)
    current = parse_stage(feature.stage)
    back = previous_stage(current)
    if back is None:
        raise StageError(f"{name} is at {current.value}: there is no earlier stage to roll back to")
    percent = _percent_before(feature, current) if back is Stage.CANARY else None
    return feature_stage_change(
        name=name,
        stage=back.value,
        percent=percent,
        reason=reason or f"rollback from {current.value}",
        actor=actor,
        kind=AuditEntry.Kind.ROLLBACK,
    )


def _percent_before(feature: Feature, current: Stage) -> int:
    entry = (
        AuditEntry.objects.filter(feature=feature, to_stage=current.value, from_stage="canary")
        .order_by("-at", "-id")
        .first()
    )
    return entry.from_percent if entry else 100


def apply_stage(
    *,
    feature: Feature,
    target: StageTarget,
    reason: str,
    actor: str,
    forced: bool,
    kind: str,
    write_pause_ms: int | None = None,
) -> AuditEntry:
    """Store the new stage and its audit entry in one transaction (and lift any write hold)."""
    with transaction.atomic():
        locked = Feature.objects.select_for_update().get(pk=feature.pk)
        entry = AuditEntry.objects.create(
            feature=locked,
            kind=kind,
            actor=actor,
            from_stage=locked.stage,
            from_percent=locked.percent,
            to_stage=target.stage.value,
            to_percent=target.percent,
            reason=reason,
            forced=forced,
            write_pause_ms=write_pause_ms,
        )
        locked.stage = target.stage.value
        locked.percent = target.percent
        locked.write_hold = False
        locked.save(update_fields=["stage", "percent", "write_hold", "updated_at"])
    return entry


def worker_heartbeat(*, worker_id: str, applied_version: int, idle_features: list[str]) -> None:
    if not worker_id:
        return
    ProxyWorker.objects.update_or_create(
        worker_id=worker_id[:200],
        defaults={
            "applied_version": applied_version,
            "idle_features": idle_features,
            "last_seen": timezone.now(),
        },
    )


def proxy_report_record(*, report: dict[str, Any]) -> None:
    """Add a worker's counters (traffic split, shadow comparisons and mismatches)."""
    features = {f.name: f for f in Feature.objects.all()}
    minute = timezone.now().replace(second=0, microsecond=0)
    with transaction.atomic():
        for item in report.get("traffic", []):
            feature = features.get(item.get("feature"))
            if feature is None:
                continue
            tally, _ = TrafficTally.objects.get_or_create(
                feature=feature, minute=minute, side=str(item.get("side", "legacy"))[:6]
            )
            TrafficTally.objects.filter(pk=tally.pk).update(
                requests=F("requests") + int(item.get("requests", 0)),
                errors=F("errors") + int(item.get("errors", 0)),
            )
        for item in report.get("shadow", []):
            feature = features.get(item.get("feature"))
            if feature is None:
                continue
            route = str(item.get("route", ""))[:300]
            shadow_tally, _ = ShadowTally.objects.get_or_create(feature=feature, route=route)
            ShadowTally.objects.filter(pk=shadow_tally.pk).update(
                samples=F("samples") + int(item.get("samples", 0)),
                mismatched=F("mismatched") + int(item.get("mismatched", 0)),
                dropped=F("dropped") + int(item.get("dropped", 0)),
                errors=F("errors") + int(item.get("errors", 0)),
            )
            for field in item.get("fields", []):
                diff, _ = ShadowDiff.objects.get_or_create(
                    feature=feature, route=route, field=str(field.get("field", ""))[:300]
                )
                ShadowDiff.objects.filter(pk=diff.pk).update(
                    count=F("count") + int(field.get("count", 0)),
                    sample=field.get("sample") or {},
                    last_seen=timezone.now(),
                )
