"""A provider broken on purpose fails the provider stage, naming the interaction and the field.

Each test breaks a provider the way a careless change would (a renamed serializer field, a
field dropped from an event), runs the provider stage against it, then runs it again without
the breakage and sees it pass.
"""

from pathlib import Path

import pytest

from contracts.config import load_config
from contracts.provider_stage import ProviderOutcome, provider_stage
from contracts.results import results_read

from .builders import own_database_url

pytestmark = pytest.mark.slow

RENAMED_PRODUCT_FIELD = "contracts.tests.sabotage:product_name_renamed"
RENAMED_CUSTOMER_FIELD = "contracts.tests.sabotage:customer_phone_renamed"
DROPPED_EVENT_FIELD = "contracts.tests.sabotage:product_event_sku_dropped"


def _stage(provider: str, results: Path, printed: list[str], *patches: str) -> ProviderOutcome:
    [outcome] = provider_stage(
        load_config(),
        branch="main",
        providers=[provider],
        results_dir=results,
        database_url=own_database_url("_broken"),
        patches=patches,
        out=printed.append,
    )
    return outcome


def _failing_lines(printed: list[str], field: str) -> list[str]:
    return [line for line in "\n".join(printed).splitlines() if field in line]


def _passed(outcome: ProviderOutcome, consumer: str) -> set[str]:
    [checked] = [p for p in outcome.pairs if p.pair.consumer == consumer]
    return {o.description for o in checked.verified if o.ok}


def test_renamed_legacy_api_field_fails_the_stage_and_restoring_it_passes(tmp_path: Path) -> None:
    printed: list[str] = []

    broken = _stage("legacy_monolith", tmp_path, printed, RENAMED_PRODUCT_FIELD)

    assert not broken.success
    assert "FAIL legacy_monolith" in printed
    failing = _failing_lines(printed, "prod_name")
    for interaction in (
        "a request for product 17",
        "a request for the first page of products",
        "a product search for kettle",
    ):
        assert any(f"interaction {interaction!r}" in line for line in failing), interaction
    # Interactions that do not show a product still pass: the failure is pinned to the field.
    passed = _passed(broken, "mobile_app")
    assert "a request for the categories" in passed
    assert "a request for product 17" not in passed
    recorded = results_read(tmp_path, "legacy_monolith")
    assert recorded is not None and not recorded.success
    entry = next(e for e in recorded.pacts.values() if e.consumer == "mobile_app")
    assert entry.verified == entry.interactions
    assert entry.passed < entry.interactions

    restored = _stage("legacy_monolith", tmp_path, printed)

    assert restored.success, restored.all_problems()
    recorded = results_read(tmp_path, "legacy_monolith")
    assert recorded is not None and recorded.success
    assert all(e.passed == e.verified == e.interactions for e in recorded.pacts.values())


def test_renamed_service_serializer_field_fails_the_stage_and_restoring_it_passes(
    tmp_path: Path,
) -> None:
    printed: list[str] = []

    broken = _stage("users", tmp_path, printed, RENAMED_CUSTOMER_FIELD)

    assert not broken.success
    assert "FAIL users" in printed
    failing = _failing_lines(printed, "phone")
    assert any(
        'legacy_monolith → users: interaction "a request for the signed-in customer\'s account"'
        in line
        and "Actual map is missing the following keys: phone" in line
        for line in failing
    ), failing
    # What services see, and the events, keep the field: only the customer's view broke.
    passed = _passed(broken, "legacy_monolith")
    assert "a request for customer Dora by id" in passed
    assert "a request for the signed-in customer's account" not in passed
    assert all(p.success for p in broken.pairs if p.pair.kind == "message")

    restored = _stage("users", tmp_path, printed)

    assert restored.success, restored.all_problems()
    recorded = results_read(tmp_path, "users")
    assert recorded is not None and recorded.success


def test_dropped_event_field_fails_the_stage_and_restoring_it_passes(tmp_path: Path) -> None:
    printed: list[str] = []

    broken = _stage("products", tmp_path, printed, DROPPED_EVENT_FIELD)

    assert not broken.success
    failing = _failing_lines(printed, "sku")
    for pair, interaction in (
        ("orders_snapshots → products", "a product created"),
        ("legacy_reverse_sync → products", "a stock count of a product of the shop"),
    ):
        assert any(
            f"{pair}: interaction {interaction!r}: body $: Actual map is missing the following "
            "keys: sku" in line
            for line in failing
        ), (pair, failing)
    # The HTTP API still sends the SKU; categories' events never had one.
    assert _passed(broken, "legacy_monolith") == {
        i.description
        for i in next(p for p in broken.pairs if p.pair.kind == "http").pact.interactions
    }
    assert "a category created, not yet in the shop" in _passed(broken, "legacy_reverse_sync")
    recorded = results_read(tmp_path, "products")
    assert recorded is not None and not recorded.success

    restored = _stage("products", tmp_path, printed)

    assert restored.success, restored.all_problems()
    recorded = results_read(tmp_path, "products")
    assert recorded is not None and recorded.success
