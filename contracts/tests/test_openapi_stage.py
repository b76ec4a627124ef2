"""The openapi stage checks the services that list a schema, and says what it cannot check."""

from pathlib import Path

import pytest

from contracts.config import load_config
from contracts.openapi_stage import SEEDS, openapi_stage
from contracts.pactfile import load_pact

from .builders import contract_tree


def test_a_service_without_a_listed_schema_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="no OpenAPI schema is listed for legacy_monolith"):
        openapi_stage(load_config(), services=["legacy_monolith"])


def test_a_tree_with_no_schema_to_check_fails(tmp_path: Path) -> None:
    printed: list[str] = []

    assert not openapi_stage(contract_tree(tmp_path), out=printed.append)
    assert printed == ["expected_pairs.toml lists no provider with an `openapi` schema path"]


def test_every_seed_is_a_state_the_monolith_pact_with_its_service_verifies() -> None:
    """Seeds reuse verified states, so a seed cannot name a state that lost its handler."""
    config = load_config()

    for service, seeds in SEEDS.items():
        assert config.providers[service].openapi, service
        [pair] = [
            p for p in config.pairs if (p.consumer, p.provider) == ("legacy_monolith", service)
        ]
        named = {
            (state.name, frozenset(state.params))
            for interaction in load_pact(pair.pact).interactions
            for state in interaction.states
        }
        for state, params in seeds:
            assert (state, frozenset(params)) in named, (service, state)
