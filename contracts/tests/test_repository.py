"""The tree agrees with expected_pairs.toml: every pair has its files, every pact and folder is listed."""

from contracts.config import load_config
from contracts.consumer_stage import CONSUMER_TEST
from contracts.guards import missing_pacts


def test_every_listed_pair_has_its_consumer_test_states_and_committed_pact() -> None:
    config = load_config()

    assert missing_pacts(config.pairs) == []
    for pair in config.pairs:
        assert pair.states.is_file(), f"{pair.label}: {pair.states} is missing"
        if pair.has_consumer_test:
            assert (pair.folder / CONSUMER_TEST).is_file(), f"{pair.label}: no consumer test"


def test_every_pair_folder_and_committed_pact_is_listed() -> None:
    config = load_config()
    listed_folders = {pair.folder for pair in config.pairs}
    listed_pacts = {pair.pact for pair in config.pairs}

    folders = {
        p for p in (config.root / "pairs").iterdir() if p.is_dir() and p.name != "__pycache__"
    }
    pacts = set((config.root / "pacts").rglob("*.json"))

    assert folders <= listed_folders, (
        f"pair folders missing from expected_pairs.toml: {folders - listed_folders}"
    )
    assert pacts <= listed_pacts, f"pacts missing from expected_pairs.toml: {pacts - listed_pacts}"


def test_every_provider_has_pairs_and_its_settings_module() -> None:
    config = load_config()

    for name, provider in config.providers.items():
        assert config.pairs_verified_against(name), f"{name} has no pairs"
        module = provider.settings.replace(".", "/") + ".py"
        assert (config.repo_root / module).is_file(), f"{name}: no settings module {module}"
