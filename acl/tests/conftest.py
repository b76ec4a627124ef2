"""The ACL's tests need no database; the one module checked against the monolith does."""

from pathlib import Path

import pytest

AGAINST_THE_MONOLITH = "test_against_monolith.py"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # `pytest acl -p no:django` runs the pure translators alone, with no settings or database.
    if collection_path.name == AGAINST_THE_MONOLITH and not config.pluginmanager.hasplugin(
        "django"
    ):
        return True
    return None
