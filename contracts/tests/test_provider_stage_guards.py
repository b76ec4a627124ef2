"""The provider stage refuses to verify what would prove nothing, before it starts anything."""

import time
from pathlib import Path

import pytest

from contracts.config import load_config
from contracts.pactfile import load_pact
from contracts.provider_stage import provider_verify

from .builders import contract_tree, interaction, own_database_url, pact_document, write_json

NEVER_STARTED = "postgres://nobody@127.0.0.1:1/never-used"


def test_a_listed_pair_without_a_pact_fails_without_starting_the_provider(tmp_path: Path) -> None:
    config = contract_tree(tmp_path)

    outcome = provider_verify(
        config, config.providers["shop"], branch="main", database_url=NEVER_STARTED
    )

    assert not outcome.success
    [problem] = outcome.all_problems()
    assert problem.startswith("app → shop: no pact file at")
    assert outcome.results is not None and not outcome.results.success


def test_a_pending_interaction_on_main_fails_without_starting_the_provider(tmp_path: Path) -> None:
    document = pact_document("app", "shop", [interaction("a new thing", pending=True)])
    config = contract_tree(tmp_path, pacts={"pacts/app-shop/app-shop.json": document})

    outcome = provider_verify(
        config, config.providers["shop"], branch="main", database_url=NEVER_STARTED
    )

    assert not outcome.success
    assert "'a new thing' is pending on main" in outcome.all_problems()[0]
    [entry] = outcome.results.pacts.values()
    assert not entry.success and entry.verified == 0


def test_a_provider_with_no_pairs_fails_instead_of_passing_empty(tmp_path: Path) -> None:
    config = contract_tree(tmp_path, pairs="")

    outcome = provider_verify(
        config, config.providers["shop"], branch="main", database_url=NEVER_STARTED
    )

    assert outcome.all_problems() == [
        "shop has no pairs in expected_pairs.toml: nothing would be verified"
    ]
    assert not outcome.success


@pytest.mark.slow
def test_a_state_the_provider_has_no_handler_for_fails_at_once(tmp_path: Path) -> None:
    """Checked before verifying: a missing handler would otherwise be retried for minutes."""
    real = load_config()
    document = load_pact(real.pairs[0].pact).document
    document["interactions"][0]["providerStates"].append(
        {"name": "a unicorn {horn}", "params": {"horn": 1}}
    )
    provider = real.providers["legacy_monolith"]
    config = contract_tree(
        tmp_path,
        pairs=(
            f'[providers.legacy_monolith]\nsettings = "{provider.settings}"\n'
            f'wsgi = "{provider.wsgi}"\nsources = ["legacy_monolith"]\n'
            '[[pairs]]\nconsumer = "mobile_app"\nprovider = "legacy_monolith"\n'
        ),
    )
    write_json(config.pairs[0].pact, document)
    started = time.monotonic()

    outcome = provider_verify(
        config,
        config.providers["legacy_monolith"],
        branch="main",
        database_url=own_database_url("_guards"),
        out=lambda _: None,
    )

    assert time.monotonic() - started < 90
    assert not outcome.success
    [problem] = outcome.all_problems()
    assert f"interaction {document['interactions'][0]['description']!r}" in problem
    assert "provider state 'a unicorn {horn}' has no handler in legacy_monolith" in problem
    assert outcome.pairs[0].verified == []  # nothing was replayed
