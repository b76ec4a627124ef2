"""Keep the consumer tests out of ordinary pytest runs: the consumer stage runs them on its own.

Every pair folder has its own `test_consumer.py`, which only pytest's importlib import mode can
collect side by side, and pacts must be written in a run of their own (into a fresh folder),
never in the same run as database tests. `contracts/run.py consumer` does both; so does
`pytest --import-mode=importlib contracts/pairs`.
"""

from pathlib import Path

import pytest

PAIRS = Path(__file__).resolve().parent / "pairs"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if config.getoption("importmode") == "importlib":
        return None
    return collection_path == PAIRS or PAIRS in collection_path.parents or None
