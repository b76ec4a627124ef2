"""The consumer stage's comparison: drift fails with a diff, --update writes the committed form."""

import json
from pathlib import Path

import pytest

from contracts.consumer_stage import (
    ConsumerOutcome,
    consumer_database_url,
    consumer_stage,
    pacts_compare,
)
from contracts.pactfile import load_pact, render

from .builders import contract_tree, interaction, pact_document, write_json

PACT = "pacts/app-shop/app-shop.json"


def _compare(config, generated: Path, *, update: bool = False) -> tuple[ConsumerOutcome, str]:
    printed: list[str] = []
    outcome = ConsumerOutcome()
    pacts_compare(config, generated, outcome, update=update, out=printed.append)
    return outcome, "\n".join(printed)


def test_an_unchanged_pact_passes(tmp_path: Path) -> None:
    document = pact_document("app", "shop", [interaction("one")])
    config = contract_tree(tmp_path, pacts={PACT: document})
    write_json(tmp_path / "generated/app-shop/app-shop.json", document)

    outcome, printed = _compare(config, tmp_path / "generated")

    assert outcome.success, outcome.problems
    assert "app → shop: pact unchanged" in printed


def test_drift_from_the_committed_pact_fails_and_shows_the_diff(tmp_path: Path) -> None:
    committed = pact_document("app", "shop", [interaction("one")])
    config = contract_tree(tmp_path, pacts={PACT: committed})
    changed = pact_document("app", "shop", [interaction("one"), interaction("two")])
    write_json(tmp_path / "generated/app-shop/app-shop.json", changed)

    outcome, printed = _compare(config, tmp_path / "generated")

    [problem] = outcome.problems
    assert "differs from the committed contracts/pacts/app-shop/app-shop.json" in problem
    assert "consumer --update" in problem
    assert '+      "description": "two",' in printed
    assert json.loads((tmp_path / "contracts" / PACT).read_text()) == committed  # left alone


def test_update_writes_the_canonical_pact_and_removes_unlisted_ones(tmp_path: Path) -> None:
    stale = pact_document("old", "shop", [interaction("x")])
    config = contract_tree(tmp_path, pacts={"pacts/old-shop/old-shop.json": stale})
    generated = pact_document("app", "shop", [interaction("two"), interaction("one")])
    write_json(tmp_path / "generated/app-shop/app-shop.json", generated)

    outcome, printed = _compare(config, tmp_path / "generated", update=True)

    assert outcome.success, outcome.problems
    assert (tmp_path / "contracts" / PACT).read_text() == render(generated)
    assert not (tmp_path / "contracts/pacts/old-shop").exists()
    assert "removed contracts/pacts/old-shop/old-shop.json: no pair lists it" in printed


def test_a_pact_no_pair_lists_and_a_pair_with_no_pact_both_fail(tmp_path: Path) -> None:
    config = contract_tree(tmp_path)
    write_json(tmp_path / "generated/web-shop/web-shop.json", pact_document("web", "shop", []))

    outcome, _ = _compare(config, tmp_path / "generated")

    assert outcome.problems == [
        "a consumer test wrote web-shop/web-shop.json, but no pair in expected_pairs.toml lists "
        "it: add a [[pairs]] entry (or fix the test's names)",
        "app → shop: the consumer tests wrote no pact",
    ]


def test_a_committed_pact_no_pair_lists_fails(tmp_path: Path) -> None:
    document = pact_document("app", "shop", [interaction("one")])
    config = contract_tree(
        tmp_path, pacts={PACT: document, "pacts/old-shop/old-shop.json": document}
    )
    write_json(tmp_path / "generated/app-shop/app-shop.json", document)

    outcome, _ = _compare(config, tmp_path / "generated")

    assert outcome.problems == [
        "contracts/pacts/old-shop/old-shop.json is committed but no pair in expected_pairs.toml "
        "lists it: list the pair, or delete the pact"
    ]


def test_a_listed_pair_with_no_committed_pact_says_how_to_add_it(tmp_path: Path) -> None:
    config = contract_tree(tmp_path)
    write_json(tmp_path / "generated/app-shop/app-shop.json", pact_document("app", "shop", []))

    outcome, _ = _compare(config, tmp_path / "generated")

    assert outcome.problems == [
        "app → shop: no committed pact at contracts/pacts/app-shop/app-shop.json; run "
        "`contracts/run.py consumer --update` and commit it"
    ]


CONSUMER_TEST = """
import os
from pathlib import Path

import requests
from pact import Pact, match


def test_thing() -> None:
    pact = Pact("app", "shop").with_specification("V4")
    (
        pact.upon_receiving("a request for thing 1")
        .with_request("GET", "/api/things/1/")
        .will_respond_with(STATUS)
        .with_body({"id": match.int(1)}, content_type="application/json")
    )
    with pact.serve() as srv:
        assert requests.get(f"{srv.url}/api/things/1/").json() == {"id": 1}
    pact.write_file(Path(os.environ["CONTRACTS_PACT_DIR"]) / "app-shop")
"""


@pytest.mark.slow
def test_the_stage_runs_the_consumer_tests_into_a_fresh_folder(tmp_path: Path) -> None:
    config = contract_tree(tmp_path)
    test_file = tmp_path / "contracts/pairs/app-shop/test_consumer.py"
    test_file.parent.mkdir(parents=True)
    test_file.write_text(CONSUMER_TEST.replace("STATUS", "200"))
    printed: list[str] = []

    updated = consumer_stage(config, update=True, out=printed.append)
    again = consumer_stage(config, out=printed.append)
    test_file.write_text(CONSUMER_TEST.replace("STATUS", "200").replace("== {", "!= {"))
    failing = consumer_stage(config, out=printed.append)

    assert updated.success and updated.updated == [config.pairs[0].pact]
    assert load_pact(config.pairs[0].pact).interactions[0].description == "a request for thing 1"
    # A second run writes into a fresh folder again: no merge with the first run's pact.
    assert again.success and again.updated == []
    assert failing.problems == [
        "consumer tests failed under the default settings (see above); no pact was compared"
    ]


def test_each_django_project_gets_its_own_consumer_test_database(monkeypatch) -> None:
    monkeypatch.setenv("CONTRACTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ci_contracts")

    assert consumer_database_url(None).endswith("/ci_contracts_consumer_default")
    assert consumer_database_url("extracted_services.users.settings.test").endswith(
        "/ci_contracts_consumer_users"
    )
    assert consumer_database_url("legacy_monolith.settings.test").endswith(
        "/ci_contracts_consumer_legacy_monolith"
    )
