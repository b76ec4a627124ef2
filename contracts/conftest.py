"""Keep the stages' own test modules out of ordinary pytest runs: each stage runs them itself.

Every pair folder has its own `test_consumer.py`, which only pytest's importlib import mode can
collect side by side, and pacts must be written in a run of their own (into a fresh folder),
never in the same run as database tests. `contracts/run.py consumer` does both; so does
`pytest --import-mode=importlib contracts/pairs`. The schema checks under `openapi/` need the
services running: `contracts/run.py openapi` starts them and names them in
CONTRACTS_OPENAPI_SCHEMAS.
"""

import os
from pathlib import Path

import pytest

CONTRACTS = Path(__file__).resolve().parent
PAIRS = CONTRACTS / "pairs"
OPENAPI = CONTRACTS / "openapi"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if _under(collection_path, OPENAPI) and not os.environ.get("CONTRACTS_OPENAPI_SCHEMAS"):
        return True
    if config.getoption("importmode") == "importlib":
        return None
    return _under(collection_path, PAIRS) or None


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
