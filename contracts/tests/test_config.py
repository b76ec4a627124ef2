"""The expected-pairs file: defaults, parity pairs, and errors that say what to fix."""

import re
from pathlib import Path

import pytest

from contracts.config import CONTRACTS_DIR, ConfigError, load_config

from .builders import PROVIDER_TABLE, contract_tree


def test_the_repository_lists_the_mobile_app_against_the_legacy_monolith() -> None:
    config = load_config()

    pair = next(p for p in config.pairs if p.name == "mobile_app-legacy_monolith")
    assert pair.verified_against == "legacy_monolith"
    assert (
        pair.pact
        == CONTRACTS_DIR / "pacts/mobile_app-legacy_monolith/mobile_app-legacy_monolith.json"
    )
    assert pair.states == CONTRACTS_DIR / "pairs/mobile_app-legacy_monolith/provider_states.py"
    assert (
        config.providers["legacy_monolith"].settings
        == "contracts.provider_settings.legacy_monolith"
    )
    assert {"legacy_monolith", "mobile_app"} <= set(config.participants())


def test_a_pair_line_is_enough_the_paths_follow_from_its_names(tmp_path: Path) -> None:
    config = contract_tree(tmp_path)

    [pair] = config.pairs
    root = tmp_path / "contracts"
    assert (pair.folder, pair.pact, pair.states) == (
        root / "pairs/app-shop",
        root / "pacts/app-shop/app-shop.json",
        root / "pairs/app-shop/provider_states.py",
    )
    assert pair.kind == "http" and pair.has_consumer_test
    assert config.pairs_verified_against("shop") == [pair]


def test_a_parity_pair_replays_the_same_pact_against_a_stand_in(tmp_path: Path) -> None:
    config = contract_tree(
        tmp_path,
        pairs=(
            '[providers.proxy]\nsettings = "p.settings"\nwsgi = "p.wsgi:app"\nsources = ["p"]\n'
            '[[pairs]]\nconsumer = "app"\nprovider = "shop"\n'
            '[[pairs]]\nconsumer = "app"\nprovider = "shop"\nverified_against = "proxy"\n'
        ),
    )

    original, parity = config.pairs
    assert parity.pact == original.pact
    assert parity.states.name == "provider_states_proxy.py"
    assert not parity.has_consumer_test
    assert parity.label == "app → shop (served by proxy)"
    assert config.pairs_verified_against("proxy") == [parity]


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ('[[pairs]]\nconsumer = "app"\n', "pairs[0]: provider is required"),
        (
            '[[pairs]]\nconsumer = "app"\nprovider = "shop"\nflavour = "x"\n',
            "unknown keys ['flavour']",
        ),
        ('[[pairs]]\nconsumer = "app"\nprovider = "shop"\nkind = "grpc"\n', "kind must be one of"),
        (
            '[[pairs]]\nconsumer = "app"\nprovider = "users"\n',
            "which has no [providers.users] table",
        ),
        ('[[pairs]]\nconsumer = "my app"\nprovider = "shop"\n', "consumer is required: letters"),
        (
            '[[pairs]]\nconsumer = "app"\nprovider = "shop"\n' * 2,
            "the pair app → shop is listed twice",
        ),
        ("[[pairs]\n", "is not valid TOML"),
    ],
)
def test_mistakes_in_the_pairs_are_refused_with_what_to_fix(
    tmp_path: Path, pairs: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        contract_tree(tmp_path, pairs=pairs)


def test_a_provider_table_needs_its_settings_and_sources(tmp_path: Path) -> None:
    path = tmp_path / "expected_pairs.toml"
    path.write_text(PROVIDER_TABLE.replace('sources = ["shop"]', "sources = []"))

    with pytest.raises(ConfigError, match=r"\[providers.shop\]: sources must be a non-empty list"):
        load_config(path)


def test_a_missing_file_says_what_it_is_for(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is missing: it lists every expected pair"):
        load_config(tmp_path / "expected_pairs.toml")


def test_message_pairs_name_the_settings_their_consumer_tests_run_under(tmp_path: Path) -> None:
    config = contract_tree(
        tmp_path,
        pairs=(
            '[[pairs]]\nconsumer = "thing_sync"\nprovider = "shop"\nkind = "message"\n'
            'consumer_settings = "warehouse.settings.test"\n'
        ),
    )

    [pair] = config.pairs
    assert (pair.kind, pair.consumer_settings) == ("message", "warehouse.settings.test")
    assert pair.messaging_consumer == "thing-sync"


def test_a_message_pair_is_verified_against_its_own_provider(tmp_path: Path) -> None:
    pairs = (
        '[providers.proxy]\nsettings = "p.settings"\nwsgi = "p.wsgi:app"\nsources = ["p"]\n'
        '[[pairs]]\nconsumer = "thing_sync"\nprovider = "shop"\nkind = "message"\n'
        'verified_against = "proxy"\n'
    )

    with pytest.raises(ConfigError, match="must be verified against its own provider"):
        contract_tree(tmp_path, pairs=pairs)


def test_the_services_name_their_schema_and_their_project(tmp_path: Path) -> None:
    config = load_config()

    assert {name for name, p in config.providers.items() if p.openapi} == {
        "users",
        "products",
        "orders",
    }
    assert config.providers["users"].project_settings == "extracted_services.users.settings.base"
    assert "orders.order.rejected.v1" in config.unconsumed_events

    path = tmp_path / "expected_pairs.toml"
    path.write_text(PROVIDER_TABLE + 'openapi = "api/schema"\n')
    with pytest.raises(ConfigError, match="openapi must be the schema's path"):
        load_config(path)


PROXY = '[providers.proxy]\nsettings = "p.settings"\nwsgi = "p.wsgi:app"\nsources = ["p"]\n'


def test_a_parity_pair_leaves_interactions_out_by_name_with_the_reason(tmp_path: Path) -> None:
    config = contract_tree(
        tmp_path,
        pairs=(
            PROXY + 'serves = ["orders"]\n'
            '[[pairs]]\nconsumer = "app"\nprovider = "shop"\n'
            '[[pairs]]\nconsumer = "app"\nprovider = "shop"\nverified_against = "proxy"\n'
            '[pairs.excluded]\n"a checkout" = "POST /api/orders/ stays on the monolith"\n'
        ),
    )

    assert config.pairs[1].excluded == {"a checkout": "POST /api/orders/ stays on the monolith"}
    assert config.providers["proxy"].serves == ("orders",)


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (
            PROXY + '[[pairs]]\nconsumer = "app"\nprovider = "shop"\nverified_against = "proxy"\n'
            '[pairs.excluded]\n"a checkout" = " "\n',
            "excluded maps each left-out interaction's description to the reason",
        ),
        (
            '[[pairs]]\nconsumer = "app"\nprovider = "shop"\n'
            '[pairs.excluded]\n"a checkout" = "why"\n',
            "its own provider must honour all of them",
        ),
    ],
)
def test_an_exclusion_without_a_reason_or_on_the_own_provider_is_refused(
    tmp_path: Path, pairs: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        contract_tree(tmp_path, pairs=pairs)
