"""Stage gates: a forward move shows its evidence or is refused saying which gate failed."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from contracts import can_i_deploy as can_i_deploy_module
from contracts.can_i_deploy import Decision
from strangler_proxy.control_plane.features.gates import gates_for
from strangler_proxy.control_plane.features.models import (
    AuditEntry,
    Feature,
    ShadowTally,
    TrafficTally,
)
from strangler_proxy.stages import Stage, StageTarget

from .conftest import move
from .test_drain import Project

pytestmark = pytest.mark.django_db
REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def gates_on(settings) -> None:
    control = settings.STRANGLER_CONTROL
    settings.STRANGLER_CONTROL = {**control, "GATES": {**control["GATES"], "ENABLED": True}}


@pytest.fixture
def contracts_verified(monkeypatch) -> list[str]:
    """can-i-deploy as if every pact of the service were verified; append blockers to say no."""
    blockers: list[str] = []

    def answer(service: str, **kwargs: object) -> Decision:
        return Decision(
            service=service, reasons=["legacy_monolith → products verified"], blockers=blockers
        )

    monkeypatch.setattr(can_i_deploy_module, "can_i_deploy", answer)
    return blockers


def at(feature: Feature, stage: str, percent: int = 0) -> Feature:
    """Put a feature at a stage directly: the gates only look at where it goes next."""
    Feature.objects.filter(pk=feature.pk).update(stage=stage, percent=percent)
    feature.refresh_from_db()
    return feature


def tally(feature: Feature, *, samples: int, mismatched: int) -> None:
    route = f"products:{ShadowTally.objects.count() + 1}"  # one tally per route
    ShadowTally.objects.create(feature=feature, route=route, samples=samples, mismatched=mismatched)


def traffic(feature: Feature, *, requests: int, errors: int, minutes_ago: int = 1) -> None:
    minute = (timezone.now() - timedelta(minutes=minutes_ago)).replace(second=0, microsecond=0)
    TrafficTally.objects.create(
        feature=feature, minute=minute, side="new", requests=requests, errors=errors
    )


@pytest.mark.parametrize(
    ("current", "percent", "target", "gates"),
    [
        ("legacy", 0, StageTarget(Stage.SHADOW, 0), ("contracts", "backfill", "reconcile")),
        ("shadow", 0, StageTarget(Stage.CANARY, 10), ("contracts", "shadow")),
        ("canary", 10, StageTarget(Stage.CANARY, 50), ("canary-errors",)),
        (
            "canary",
            50,
            StageTarget(Stage.WRITES_NEW, 100),
            ("contracts", "reconcile", "canary-errors", "sync-lag"),
        ),
        ("writes-new", 100, StageTarget(Stage.NEW, 100), ("canary-errors", "sync-lag")),
        # Back, or a smaller canary: never gated.
        ("canary", 50, StageTarget(Stage.CANARY, 10), ()),
        ("writes-new", 100, StageTarget(Stage.CANARY, 50), ()),
        ("shadow", 0, StageTarget(Stage.LEGACY, 0), ()),
    ],
)
def test_which_gates_a_move_passes(current, percent, target, gates) -> None:
    assert gates_for(current=Stage(current), current_percent=percent, target=target) == gates


def test_shadow_needs_enough_samples_and_few_mismatches(
    api: APIClient, products: Feature, gates_on, contracts_verified
) -> None:
    at(products, "shadow")
    tally(products, samples=150, mismatched=0)

    refused = move(api, "products", "canary", 10)

    assert refused.status_code == 409
    body = refused.json()
    assert body["error"] == "gates_not_passed"
    assert "products cannot move to canary 10%: 1 of 2 gate(s) not passed" in body["detail"]
    assert (
        "✘ shadow: 0 of 150 compared answers differed (0.00%; the gate wants at least 200"
        in (body["detail"])
    )
    assert "✔ contracts: can-i-deploy products: yes" in body["detail"]
    assert "--force and a reason" in body["detail"]
    assert [(g["gate"], g["passed"]) for g in body["gates"]] == [
        ("contracts", True),
        ("shadow", False),
    ]

    tally(products, samples=150, mismatched=6)  # 6 of 300: 2 %
    assert "strangler diffs products" in move(api, "products", "canary", 10).json()["detail"]

    tally(products, samples=300, mismatched=0)  # 6 of 600: 1 %
    moved = move(api, "products", "canary", 10)
    assert moved.status_code == 200, moved.json()
    products.refresh_from_db()
    assert (products.stage, products.percent) == ("canary", 10)
    entry = AuditEntry.objects.get(to_stage="canary")
    assert entry.reason.startswith("to canary\n")
    assert "✔ shadow: 6 of 600 compared answers differed (1.00%" in entry.reason


def test_refused_contracts_name_the_blocker(
    api: APIClient, products: Feature, gates_on, contracts_verified
) -> None:
    at(products, "shadow")
    tally(products, samples=500, mismatched=0)
    contracts_verified.append("orders → products: products's code changed; run `make contracts`")

    body = move(api, "products", "canary", 5).json()

    assert (
        "✘ contracts: can-i-deploy products: no: orders → products: products's code"
        in (body["detail"])
    )
    assert Feature.objects.get(name="products").stage == "shadow"
    assert not AuditEntry.objects.exists(), "a refused move is not a change"


def test_raising_the_canary_needs_the_services_answers_to_be_healthy(
    api: APIClient, products: Feature, gates_on
) -> None:
    at(products, "canary", 10)
    traffic(products, requests=180, errors=0)
    traffic(products, requests=5000, errors=0, minutes_ago=90)  # outside the window

    detail = move(api, "products", "canary", 50).json()["detail"]
    assert "✘ canary-errors: 0 of 180 answers of the service in the last 60 min" in detail

    traffic(products, requests=220, errors=12, minutes_ago=2)
    detail = move(api, "products", "canary", 50).json()["detail"]
    assert "12 of 400 answers" in detail and "(3.00%;" in detail

    traffic(products, requests=900, errors=0, minutes_ago=3)
    assert move(api, "products", "canary", 50).status_code == 200
    # Lowering it again is not gated.
    assert move(api, "products", "canary", 20).status_code == 200


def test_writes_new_needs_forward_sync_to_keep_up(
    api: APIClient, products: Feature, gates_on, contracts_verified, settings, tmp_path, monkeypatch
) -> None:
    from strangler_proxy.control_plane.features import gates

    legacy, service = Project(tmp_path / "legacy.sqlite3"), Project(tmp_path / "products.sqlite3")
    settings.STRANGLER_CONTROL = {
        **settings.STRANGLER_CONTROL,
        "SYNC_DATABASES": {"legacy": legacy.url, "products": service.url},
    }
    # Reconcile is shown by the slow test below; here it passes.
    monkeypatch.setitem(
        gates.GATES,
        "reconcile",
        lambda feature, target: gates.GateResult("reconcile", True, "no difference"),
    )
    at(products, "canary", 100)
    traffic(products, requests=1000, errors=1)
    legacy.record("legacy.catalogue.product.changed.v1", "12", 3, status="pending", age=30)

    detail = move(api, "products", "writes-new").json()["detail"]

    assert "✘ sync-lag: forward sync lags 30." in detail
    assert "(at most 10s): 1 event(s) in the legacy outbox not yet published" in detail
    assert "✔ canary-errors: 1 of 1000" in detail
    assert Feature.objects.get(name="products").write_hold is False, "no write was held"


def test_force_moves_past_the_gates_and_says_so_in_the_audit_log(
    api: APIClient, products: Feature, gates_on
) -> None:
    at(products, "shadow")

    response = move(api, "products", "canary", 10, force=True)

    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.forced is True
    assert entry.reason == "to canary\n(forced: the stage gates were not checked)"


def test_rolling_back_is_never_gated(api: APIClient, products: Feature, gates_on) -> None:
    at(products, "canary", 40)
    rolled = api.post("/_strangler/api/v1/features/products/rollback/", {}, format="json")
    assert rolled.status_code == 200
    assert Feature.objects.get(name="products").stage == "shadow"


# -- backfill and reconcile, on the embedded default (SQLite files under a var/ folder) -------


@pytest.fixture(scope="module")
def sqlite_shop(tmp_path_factory) -> Iterator[Path]:
    """A seeded monolith and a migrated, not yet backfilled, products service."""
    from tests.integration.conftest import base_env, manage

    var = tmp_path_factory.mktemp("var")
    env = base_env(STRANGLER_VAR_DIR=str(var))
    manage("legacy", "migrate", "--no-input", "-v", "0", env=env)
    manage("legacy", "seed", "--customers", "2", "--products", "6", "--orders", "0", env=env)
    manage("products", "migrate", "--no-input", "-v", "0", env=env)
    yield var


@pytest.mark.slow
def test_shadow_needs_a_complete_backfill_and_a_clean_reconcile(
    api: APIClient,
    products: Feature,
    gates_on,
    contracts_verified,
    sqlite_shop,
    settings,
    monkeypatch,
) -> None:
    from tests.integration.conftest import base_env

    for name in ("PRODUCTS_DATABASE_URL", "LEGACY_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STRANGLER_VAR_DIR", str(sqlite_shop))
    settings.STRANGLER_CONTROL = {
        **settings.STRANGLER_CONTROL,
        "SYNC_DATABASES": {"products": f"sqlite:///{sqlite_shop / 'products.sqlite3'}"},
    }

    refused = move(api, "products", "shadow")

    assert refused.status_code == 409
    detail = refused.json()["detail"]
    assert (
        "✘ backfill: categories never ran; products never ran: run `strangler backfill products`"
        in (detail)
    )
    assert (
        "✘ reconcile: 18 difference(s) (categories 0/12 identical, products 0/6 identical)"
        in detail
    )

    subprocess.run(
        [sys.executable, "-m", "strangler_cli.main", "backfill", "products", "--no-progress"],
        env=base_env(STRANGLER_VAR_DIR=str(sqlite_shop)),
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    moved = move(api, "products", "shadow")

    assert moved.status_code == 200, moved.json()
    reason = AuditEntry.objects.get().reason
    assert (
        "✔ backfill: categories finished (12 copied, 0 unchanged, 0 newer); products finished"
        in (reason)
    )
    assert (
        "✔ reconcile: no difference (categories 12/12 identical, products 6/6 identical)" in reason
    )
