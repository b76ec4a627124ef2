"""Fixtures of the consumer tests: where the pacts they record are written.

The consumer stage (`contracts/run.py consumer`) sets CONTRACTS_PACT_DIR to a fresh, empty
folder, because the pact library merges new interactions into any file already there. Run on
their own, the tests write into a temporary folder and never touch the committed pacts.
"""

import os
from pathlib import Path

import pytest

# The pact library reports usage statistics over the network unless told not to.
os.environ.setdefault("PACT_DO_NOT_TRACK", "true")


@pytest.fixture(scope="session")
def pacts_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("CONTRACTS_PACT_DIR")
    return Path(configured) if configured else tmp_path_factory.mktemp("pacts")
