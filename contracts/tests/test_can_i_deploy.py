"""can-i-deploy: yes only for a passing result on exactly the committed pact and current code."""

from pathlib import Path

import pytest

from contracts.can_i_deploy import UnknownService, can_i_deploy
from contracts.config import ContractsConfig
from contracts.pactfile import load_pact
from contracts.results import PactResult, ProviderResults, provider_fingerprint, results_write

from .builders import contract_tree, interaction, pact_document, write_json

PACT = "pacts/app-shop/app-shop.json"


def _tree(tmp_path: Path, *, pending: bool = False) -> ContractsConfig:
    document = pact_document(
        "app", "shop", [interaction("one"), interaction("two", pending=pending)]
    )
    return contract_tree(tmp_path, pacts={PACT: document})


def _verified(
    config: ContractsConfig, results_dir: Path, *, passed: int = 2, problems: tuple[str, ...] = ()
) -> None:
    pact = load_pact(config.pairs[0].pact)
    results = ProviderResults(
        provider="shop",
        fingerprint=provider_fingerprint(config.providers["shop"], config),
        branch="main",
        verified_at="2026-01-02T03:04:05Z",
        success=passed == 2,
    )
    results.pacts[pact.sha256] = PactResult(
        consumer="app",
        provider="shop",
        pact=f"contracts/{PACT}",
        interactions=2,
        verified=2,
        passed=passed,
        pending=0,
        success=passed == 2,
        problems=list(problems),
    )
    results_write(results_dir, results)


def test_yes_with_the_reason_when_the_committed_pact_passed_against_current_code(
    tmp_path: Path,
) -> None:
    config = _tree(tmp_path)
    _verified(config, tmp_path / "results")

    for service in ("shop", "app"):
        decision = can_i_deploy(
            service, config=config, branch="main", results_dir=tmp_path / "results"
        )
        assert decision.deployable, decision.blockers
        assert decision.report().startswith(f"can-i-deploy {service}: yes")
        assert (
            "app → shop: all 2 interactions verified against shop at 2026-01-02T03:04:05Z"
            in decision.report()
        )


def test_no_when_nothing_was_verified(tmp_path: Path) -> None:
    config = _tree(tmp_path)

    decision = can_i_deploy("shop", config=config, branch="main", results_dir=tmp_path / "results")

    assert not decision.deployable
    assert decision.blockers == [
        "app → shop: no verification results for shop in the tree; run `make contracts`"
    ]


def test_no_when_the_provider_changed_since_it_was_verified(tmp_path: Path) -> None:
    config = _tree(tmp_path)
    _verified(config, tmp_path / "results")
    (tmp_path / "shop" / "views.py").write_text("def things(): return 'changed'\n")

    decision = can_i_deploy("shop", config=config, branch="main", results_dir=tmp_path / "results")

    assert not decision.deployable
    assert "shop's code or state handlers changed since it was verified" in decision.blockers[0]


def test_a_changed_test_file_does_not_make_the_result_stale(tmp_path: Path) -> None:
    config = _tree(tmp_path)
    (tmp_path / "shop" / "tests").mkdir()
    (tmp_path / "shop" / "tests" / "test_views.py").write_text("def test_a(): ...\n")
    _verified(config, tmp_path / "results")
    (tmp_path / "shop" / "tests" / "test_views.py").write_text("def test_b(): ...\n")

    assert can_i_deploy(
        "shop", config=config, branch="main", results_dir=tmp_path / "results"
    ).deployable


def test_no_when_the_pact_changed_since_it_was_verified(tmp_path: Path) -> None:
    config = _tree(tmp_path)
    _verified(config, tmp_path / "results")
    write_json(config.pairs[0].pact, pact_document("app", "shop", [interaction("one")]))

    decision = can_i_deploy("app", config=config, branch="main", results_dir=tmp_path / "results")

    assert not decision.deployable
    assert "the committed pact (sha256" in decision.blockers[0]
    assert "was never verified against shop" in decision.blockers[0]


def test_no_with_the_failures_when_the_verification_failed(tmp_path: Path) -> None:
    config = _tree(tmp_path)
    _verified(
        config,
        tmp_path / "results",
        passed=1,
        problems=("app → shop: interaction 'two': body $: missing prod_name",),
    )

    decision = can_i_deploy("shop", config=config, branch="main", results_dir=tmp_path / "results")

    assert decision.blockers == [
        "app → shop: 1 of 2 interactions passed against shop (app → shop: interaction 'two': "
        "body $: missing prod_name)"
    ]


def test_pending_interactions_block_on_main_only(tmp_path: Path) -> None:
    config = _tree(tmp_path, pending=True)
    _verified(config, tmp_path / "results")

    on_main = can_i_deploy("shop", config=config, branch="main", results_dir=tmp_path / "results")
    on_branch = can_i_deploy(
        "shop", config=config, branch="feature/two", results_dir=tmp_path / "results"
    )

    assert not on_main.deployable
    assert "'two' is pending on main" in on_main.blockers[0]
    assert on_branch.deployable


def test_a_name_in_no_pair_is_refused_with_the_known_names(tmp_path: Path) -> None:
    config = _tree(tmp_path)

    with pytest.raises(
        UnknownService, match=r"'orders' is in no pair of expected_pairs.toml; known: app, shop"
    ):
        can_i_deploy("orders", config=config, branch="main", results_dir=tmp_path)


def test_a_service_a_stand_in_serves_waits_for_the_parity_result(tmp_path: Path) -> None:
    document = pact_document("app", "shop", [interaction("one"), interaction("checkout")])
    config = contract_tree(
        tmp_path,
        pairs=(
            '[providers.proxy]\nsettings = "p.settings"\nwsgi = "p.wsgi:app"\nsources = ["p"]\n'
            'serves = ["orders"]\n'
            '[providers.orders]\nsettings = "o.settings"\nwsgi = "o.wsgi:app"\nsources = ["o"]\n'
            '[[pairs]]\nconsumer = "shop"\nprovider = "orders"\n'
            '[[pairs]]\nconsumer = "app"\nprovider = "shop"\nverified_against = "proxy"\n'
            '[pairs.excluded]\n"checkout" = "POST /api/orders/ stays on the monolith"\n'
        ),
        pacts={
            PACT: document,
            "pacts/shop-orders/shop-orders.json": pact_document(
                "shop", "orders", [interaction("list")]
            ),
        },
    )
    results_dir = tmp_path / "results"
    for provider, pair in (("orders", config.pairs[0]), ("proxy", config.pairs[1])):
        pact = load_pact(pair.pact)
        results = ProviderResults(
            provider=provider,
            fingerprint=provider_fingerprint(config.providers[provider], config),
            branch="main",
            verified_at="2026-01-02T03:04:05Z",
            success=provider == "orders",
        )
        results.pacts[pact.sha256] = PactResult(
            consumer=pair.consumer,
            provider=pair.provider,
            pact=str(pair.pact),
            interactions=len(pact.interactions),
            verified=1,
            passed=1 if provider == "orders" else 0,
            pending=0,
            success=provider == "orders",
            problems=[] if provider == "orders" else ["'one': status 502"],
            excluded=dict(pair.excluded),
        )
        results_write(results_dir, results)

    decision = can_i_deploy("orders", config=config, branch="main", results_dir=results_dir)

    assert not decision.deployable
    assert decision.blockers == [
        "app → shop (served by proxy): 0 of 2 interactions passed against proxy ('one': status 502)"
    ]
    assert can_i_deploy("shop", config=config, branch="main", results_dir=results_dir).deployable
