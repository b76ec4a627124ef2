"""Stage gates: what a feature must show before it moves forward (ARCHITECTURE §8).

Each gate reads its evidence where it lives and says, in words an operator can check, what it
found. Moving back is never gated, and `--force` (with its reason, audited) moves past them.

| moving into | gates |
|---|---|
| `shadow` | contracts, backfill, reconcile |
| `canary` | contracts, shadow |
| a higher canary percentage | canary-errors |
| `writes-new` | contracts, reconcile, canary-errors, sync-lag (forward) |
| `new`, `retired` | canary-errors (the service's answers), sync-lag (reverse) |

Thresholds live in STRANGLER_CONTROL["GATES"].
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import DatabaseError
from django.db.models import Sum
from django.utils import timezone

from strangler_proxy.stages import ORDER, Stage, StageError, StageTarget

from .conf import control_setting
from .drain import FORWARD, REVERSE, SyncDatabases, SyncNotDrained, sync_backlog
from .models import Feature, ShadowTally, TrafficTally

REPO_ROOT = Path(__file__).resolve().parents[3]
# The backfill steps of each feature's service, in the order `strangler backfill` runs them.
BACKFILL_STEPS = {
    "users": ("customers",),
    "products": ("categories", "products"),
    "orders": ("customer_snapshots", "product_snapshots", "orders"),
}


@dataclass(frozen=True)
class GateResult:
    gate: str
    passed: bool
    evidence: str

    def line(self) -> str:
        return f"{'✔' if self.passed else '✘'} {self.gate}: {self.evidence}"

    def as_dict(self) -> dict[str, Any]:
        return {"gate": self.gate, "passed": self.passed, "evidence": self.evidence}


class GatesNotPassed(StageError):
    """A forward move whose gates did not all pass; the message lists each with its evidence."""

    def __init__(self, *, feature: str, target: StageTarget, results: list[GateResult]) -> None:
        self.results = results
        failing = sum(not r.passed for r in results)
        lines = "\n".join(f"  {r.line()}" for r in results)
        super().__init__(
            f"{feature} cannot move to {_label(target)}: {failing} of {len(results)} gate(s) "
            f"not passed\n{lines}\nfix what failed, or move with --force and a reason (audited)"
        )


def gates_for(*, current: Stage, current_percent: int, target: StageTarget) -> tuple[str, ...]:
    """The gates of a move; none for a move back or sideways."""
    if target.stage is current:
        raising = target.stage is Stage.CANARY and target.percent > current_percent
        return ("canary-errors",) if raising else ()
    if ORDER.index(target.stage) < ORDER.index(current):
        return ()
    return {
        Stage.SHADOW: ("contracts", "backfill", "reconcile"),
        Stage.CANARY: ("contracts", "shadow"),
        Stage.WRITES_NEW: ("contracts", "reconcile", "canary-errors", "sync-lag"),
        Stage.NEW: ("canary-errors", "sync-lag"),
        Stage.RETIRED: ("canary-errors", "sync-lag"),
    }[target.stage]


def check_gates(*, feature: Feature, current: Stage, target: StageTarget) -> list[GateResult]:
    """Evaluate the move's gates; raise GatesNotPassed unless every one passed.

    Returns the results (empty when gates are switched off or the move has none)."""
    if not gate_setting("ENABLED"):
        return []
    names = gates_for(current=current, current_percent=feature.percent, target=target)
    results = [GATES[name](feature, target) for name in names]
    if not all(r.passed for r in results):
        raise GatesNotPassed(feature=feature.name, target=target, results=results)
    return results


def audited_reason(*, reason: str, results: list[GateResult], forced: bool) -> str:
    """The reason kept in the audit log, with the evidence the move passed on."""
    if forced and gate_setting("ENABLED"):
        return f"{reason}\n(forced: the stage gates were not checked)"
    if not results:
        return reason
    return reason + "\n" + "\n".join(r.line() for r in results)


def gate_setting(name: str) -> Any:
    return control_setting("GATES")[name]


# -- the gates -----------------------------------------------------------------------------------


def contracts_gate(feature: Feature, target: StageTarget) -> GateResult:
    """`strangler contracts can-i-deploy <service>`: every pact of the service verified."""
    from contracts.branch import current_branch
    from contracts.can_i_deploy import UnknownService, can_i_deploy
    from contracts.config import ConfigError, load_config

    try:
        decision = can_i_deploy(feature.backend, config=load_config(), branch=current_branch())
    except (UnknownService, ConfigError, OSError) as exc:
        return GateResult("contracts", False, f"can-i-deploy {feature.backend} failed: {exc}")
    if decision.deployable:
        return GateResult(
            "contracts",
            True,
            f"can-i-deploy {feature.backend}: yes, {len(decision.reasons)} pact(s) verified",
        )
    shown = "; ".join(decision.blockers[:3])
    more = f" (and {len(decision.blockers) - 3} more)" if len(decision.blockers) > 3 else ""
    return GateResult("contracts", False, f"can-i-deploy {feature.backend}: no: {shown}{more}")


def backfill_gate(feature: Feature, target: StageTarget) -> GateResult:
    """Every backfill step of the service finished, with no row failed (its checkpoints)."""
    steps = BACKFILL_STEPS.get(feature.name)
    if steps is None:
        return GateResult("backfill", False, f"no backfill is known for {feature.name}")
    databases = SyncDatabases(control_setting("SYNC_DATABASES"))
    try:
        rows = databases.rows(
            feature.backend,
            "SELECT step, last_legacy_id, copied, unchanged, newer_here, failed, finished_at "
            "FROM backfill_backfillcheckpoint",
            [],
        )
    except (DatabaseError, SyncNotDrained) as exc:
        return GateResult("backfill", False, f"checkpoints of {feature.backend} unreadable: {exc}")
    finally:
        databases.close()
    found = {row[0]: row for row in rows}
    problems, done = [], []
    for step in steps:
        row = found.get(step)
        if row is None:
            problems.append(f"{step} never ran")
            continue
        _, last_id, copied, unchanged, newer, failed, finished = row
        if finished is None:
            problems.append(f"{step} stopped after legacy id {last_id}")
        elif failed:
            problems.append(f"{step}: {failed} row(s) failed")
        else:
            done.append(f"{step} finished ({copied} copied, {unchanged} unchanged, {newer} newer)")
    if problems:
        return GateResult(
            "backfill",
            False,
            f"{'; '.join(problems)}: run `strangler backfill {feature.name}`",
        )
    return GateResult("backfill", True, "; ".join(done))


def reconcile_gate(feature: Feature, target: StageTarget) -> GateResult:
    """`strangler reconcile <feature>` finds no difference between the service and legacy."""
    timeout = gate_setting("RECONCILE_TIMEOUT_SECONDS")
    command = [sys.executable, "-m", "strangler_cli.main", "reconcile", feature.name, "--json"]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    try:
        done = subprocess.run(
            [*command, "--show", "5"],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        report = json.loads(done.stdout)
    except subprocess.TimeoutExpired:
        return GateResult(
            "reconcile",
            False,
            f"`strangler reconcile {feature.name}` did not finish within {timeout:g}s: run it "
            "yourself, then move with --force citing its result",
        )
    except ValueError:
        error = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return GateResult("reconcile", False, f"reconcile failed: {error[0]}")
    steps = ", ".join(
        f"{s['step']} {s['matched']}/{s['legacy_rows']} identical" for s in report["steps"]
    )
    if report["differences"] == 0:
        return GateResult("reconcile", True, f"no difference ({steps})")
    return GateResult(
        "reconcile",
        False,
        f"{report['differences']} difference(s) ({steps}): see `strangler reconcile "
        f"{feature.name}`",
    )


def shadow_gate(feature: Feature, target: StageTarget) -> GateResult:
    """Shadow answers compared often enough, and rarely different."""
    totals = ShadowTally.objects.filter(feature=feature).aggregate(
        samples=Sum("samples"), mismatched=Sum("mismatched")
    )
    samples, mismatched = totals["samples"] or 0, totals["mismatched"] or 0
    least, most = gate_setting("SHADOW_MIN_SAMPLES"), gate_setting("SHADOW_MAX_MISMATCH_RATE")
    rate = mismatched / samples if samples else 0.0
    evidence = (
        f"{mismatched} of {samples} compared answers differed ({rate:.2%}; the gate wants at "
        f"least {least} compared and at most {most:.2%} different)"
    )
    if samples >= least and rate <= most:
        return GateResult("shadow", True, evidence)
    hint = "; see `strangler diffs " + feature.name + "`" if mismatched else ""
    return GateResult("shadow", False, evidence + hint)


def canary_errors_gate(feature: Feature, target: StageTarget) -> GateResult:
    """The service's answers over the last window: enough of them, and few 5xx."""
    minutes = gate_setting("CANARY_WINDOW_MINUTES")
    since = timezone.now() - timedelta(minutes=minutes)
    totals = TrafficTally.objects.filter(feature=feature, side="new", minute__gte=since).aggregate(
        requests=Sum("requests"), errors=Sum("errors")
    )
    requests, errors = totals["requests"] or 0, totals["errors"] or 0
    least, most = gate_setting("CANARY_MIN_REQUESTS"), gate_setting("CANARY_MAX_ERROR_RATE")
    rate = errors / requests if requests else 0.0
    evidence = (
        f"{errors} of {requests} answers of the service in the last {minutes} min were errors "
        f"({rate:.2%}; the gate wants at least {least} answers and at most {most:.2%} errors)"
    )
    return GateResult("canary-errors", requests >= least and rate <= most, evidence)


def sync_lag_gate(feature: Feature, target: StageTarget) -> GateResult:
    """The stream the new owner relies on keeps up: forward sync before the service takes the
    writes, reverse sync (the legacy copy) before legacy stops being a way back."""
    direction = FORWARD if target.stage is Stage.WRITES_NEW else REVERSE
    try:
        backlog = sync_backlog(feature=feature.name, direction=direction)
    except (DatabaseError, SyncNotDrained) as exc:
        return GateResult("sync-lag", False, f"{direction} sync cannot be read: {exc}")
    most = gate_setting("SYNC_MAX_LAG_SECONDS")
    evidence = (
        f"{direction} sync lags {backlog.lag_s:.1f}s (at most {most:g}s): {backlog.describe()}"
    )
    return GateResult("sync-lag", not backlog.failed and backlog.lag_s <= most, evidence)


GATES: dict[str, Callable[[Feature, StageTarget], GateResult]] = {
    "contracts": contracts_gate,
    "backfill": backfill_gate,
    "reconcile": reconcile_gate,
    "shadow": shadow_gate,
    "canary-errors": canary_errors_gate,
    "sync-lag": sync_lag_gate,
}


def _label(target: StageTarget) -> str:
    return f"canary {target.percent}%" if target.stage is Stage.CANARY else target.stage.value
