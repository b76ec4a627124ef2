"""Reads of the control plane: the route table document, feature status, diffs, audit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from .conf import control_setting
from .models import AuditEntry, Feature, ShadowDiff, ShadowTally, TableVersion, TrafficTally


class UnknownFeature(LookupError):
    """No feature has that name; the message lists the ones that exist."""


def feature_get(*, name: str) -> Feature:
    try:
        return Feature.objects.get(name=name)
    except Feature.DoesNotExist:
        known = ", ".join(Feature.objects.values_list("name", flat=True)) or "none yet"
        raise UnknownFeature(f"unknown feature {name!r}; features: {known}") from None


def table_version() -> int:
    row = TableVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return row or 1


def routing_table_document() -> dict[str, Any]:
    """The document every proxy worker (and the monolith's ports) route by."""
    features = Feature.objects.prefetch_related("routes", "pins").order_by("name")
    return {
        "version": table_version(),
        "features": [
            {
                "name": f.name,
                "backend": f.backend,
                "stage": f.stage,
                "percent": f.percent,
                "write_hold": f.write_hold,
                "normaliser": f.normaliser or None,
                "noise_fields": list(f.noise_fields or []),
                "pins": {p.user_key: p.target for p in f.pins.all()},
                "routes": [
                    {
                        "id": f"{f.name}:{r.pk}",
                        "pattern": r.pattern,
                        "methods": [m.strip().upper() for m in r.methods.split(",") if m.strip()],
                        "new_path": r.new_path or None,
                        "translator": r.translator or None,
                        "timeout": r.timeout,
                        "retries": r.retries,
                        "fallback": r.fallback,
                    }
                    for r in f.routes.all()
                ],
            }
            for f in features
        ],
    }


def feature_status(*, feature: Feature) -> dict[str, Any]:
    """Stage, traffic split, error rate and shadow mismatch rate of one feature."""
    window = timezone.now() - timedelta(minutes=control_setting("TRAFFIC_WINDOW_MINUTES"))
    traffic = {
        row["side"]: row
        for row in TrafficTally.objects.filter(feature=feature, minute__gte=window)
        .values("side")
        .annotate(requests=Sum("requests"), errors=Sum("errors"))
    }
    legacy = traffic.get("legacy", {"requests": 0, "errors": 0})
    new = traffic.get("new", {"requests": 0, "errors": 0})
    total = legacy["requests"] + new["requests"]
    shadow = ShadowTally.objects.filter(feature=feature).aggregate(
        samples=Sum("samples"), mismatched=Sum("mismatched"), dropped=Sum("dropped")
    )
    samples = shadow["samples"] or 0
    return {
        "name": feature.name,
        "backend": feature.backend,
        "stage": feature.stage,
        "percent": feature.percent,
        "write_hold": feature.write_hold,
        "traffic": {
            "requests": total,
            "legacy_share": _ratio(legacy["requests"], total),
            "new_share": _ratio(new["requests"], total),
            "window_minutes": control_setting("TRAFFIC_WINDOW_MINUTES"),
        },
        "error_rate": _ratio(legacy["errors"] + new["errors"], total),
        "new_error_rate": _ratio(new["errors"], new["requests"]),
        "shadow": {
            "samples": samples,
            "mismatch_rate": _ratio(shadow["mismatched"] or 0, samples),
            "dropped": shadow["dropped"] or 0,
        },
        "updated_at": feature.updated_at.isoformat(),
    }


def feature_diffs(*, feature: Feature) -> list[dict[str, Any]]:
    return [
        {
            "field": d.field,
            "route": d.route,
            "count": d.count,
            "sample": d.sample,
            "first_seen": d.first_seen.isoformat(),
            "last_seen": d.last_seen.isoformat(),
        }
        for d in ShadowDiff.objects.filter(feature=feature).order_by("-count", "field")
    ]


def feature_audit(*, feature: Feature, limit: int = 50) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(feature=feature)[:limit])


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
