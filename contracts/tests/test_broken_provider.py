"""A provider broken on purpose fails the provider stage, naming the interaction and the field."""

from pathlib import Path

import pytest

from contracts.config import load_config
from contracts.provider_stage import provider_stage
from contracts.results import results_read

from .builders import own_database_url

pytestmark = pytest.mark.slow

RENAMED_PRODUCT_FIELD = "contracts.tests.sabotage:product_name_renamed"


def test_renamed_product_field_fails_the_stage_and_restoring_it_passes(tmp_path: Path) -> None:
    config = load_config()
    printed: list[str] = []

    [broken] = provider_stage(
        config,
        branch="main",
        providers=["legacy_monolith"],
        results_dir=tmp_path,
        database_url=own_database_url("_broken"),
        patches=(RENAMED_PRODUCT_FIELD,),
        out=printed.append,
    )

    assert not broken.success
    report = "\n".join(printed)
    assert "FAIL legacy_monolith" in report
    failing = [line for line in report.splitlines() if "prod_name" in line]
    for interaction in (
        "a request for product 17",
        "a request for the first page of products",
        "a product search for kettle",
    ):
        assert any(f"interaction {interaction!r}" in line for line in failing), interaction
    # Interactions that do not show a product still pass: the failure is pinned to the field.
    [checked] = broken.pairs
    passed = {o.description for o in checked.verified if o.ok}
    assert "a request for the categories" in passed
    assert "a request for product 17" not in passed
    recorded = results_read(tmp_path, "legacy_monolith")
    assert recorded is not None and not recorded.success
    [entry] = recorded.pacts.values()
    assert entry.verified == entry.interactions == len(checked.pact.interactions)
    assert entry.passed < entry.interactions

    [restored] = provider_stage(
        config,
        branch="main",
        providers=["legacy_monolith"],
        results_dir=tmp_path,
        database_url=own_database_url("_broken"),
        out=printed.append,
    )

    assert restored.success, restored.all_problems()
    recorded = results_read(tmp_path, "legacy_monolith")
    assert recorded is not None and recorded.success
    [entry] = recorded.pacts.values()
    assert entry.passed == entry.verified == entry.interactions
