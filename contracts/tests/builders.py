"""Small contract trees in a temporary folder: an expected-pairs file, pacts and provider sources."""

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from contracts.config import ContractsConfig, load_config
from contracts.provider_process import verification_database_url

PROVIDER_TABLE = """
[providers.shop]
runner = "django"
settings = "shop.settings"
wsgi = "shop.wsgi:application"
sources = ["shop"]
"""


def interaction(
    description: str, *, states: list[tuple[str, dict[str, Any]]] = (), pending: bool = False
) -> dict[str, Any]:
    return {
        "description": description,
        "pending": pending,
        "providerStates": [{"name": name, "params": params} for name, params in states],
        "request": {"method": "GET", "path": "/api/things/"},
        "response": {"status": 200},
        "type": "Synchronous/HTTP",
    }


def pact_document(
    consumer: str, provider: str, interactions: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": interactions,
        "metadata": {"pactRust": {"ffi": "0.5.12"}, "pactSpecification": {"version": "4.0"}},
    }


def contract_tree(
    root: Path,
    *,
    pairs: str = '[[pairs]]\nconsumer = "app"\nprovider = "shop"\n',
    pacts: dict[str, dict[str, Any]] | None = None,
) -> ContractsConfig:
    """A repository under `root`: contracts/expected_pairs.toml, the given pacts, shop/ sources."""
    contracts = root / "contracts"
    contracts.mkdir(parents=True, exist_ok=True)
    (contracts / "expected_pairs.toml").write_text(PROVIDER_TABLE + pairs)
    (root / "shop").mkdir(exist_ok=True)
    (root / "shop" / "views.py").write_text("def things(): ...\n")
    for relative, document in (pacts or {}).items():
        write_json(contracts / relative, document)
    return load_config(contracts / "expected_pairs.toml")


def write_json(path: Path, document: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2))
    return path


def own_database_url(suffix: str) -> str:
    """The verification database with a suffix, so a test never races a `make contracts`."""
    parts = urlsplit(verification_database_url())
    if parts.path.endswith(".sqlite3"):
        return parts._replace(
            path=parts.path.removesuffix(".sqlite3") + suffix + ".sqlite3"
        ).geturl()
    return parts._replace(path=parts.path + suffix).geturl()
