"""The embedded default: backfill and reconcile with the monolith's SQLite file, read only."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO_ROOT, base_env, manage

pytestmark = pytest.mark.slow


def test_orders_backfill_from_the_sqlite_monolith_reconciles_clean(tmp_path: Path) -> None:
    env = base_env(STRANGLER_VAR_DIR=str(tmp_path))
    manage("legacy", "migrate", "--no-input", "-v", "0", env=env)
    manage(
        "legacy",
        *("seed", "--customers", "5", "--products", "10", "--orders", "40", "--no-progress"),
        env=env,
    )
    manage("orders", "migrate", "--no-input", "-v", "0", env=env)
    legacy_file = tmp_path / "legacy_monolith.sqlite3"
    before = hashlib.sha256(legacy_file.read_bytes()).hexdigest()

    def strangler(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "strangler_cli.main", *args],
            env=env,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )

    copied = strangler("backfill", "orders", "--no-progress", "--batch-size", "7")
    reconciled = strangler("reconcile", "orders")

    assert copied.returncode == 0, copied.stderr
    assert "orders: 40 legacy rows read" in copied.stdout
    assert reconciled.returncode == 0, reconciled.stdout + reconciled.stderr
    assert "orders: 40 in the legacy shop, 40 here, 40 identical" in reconciled.stdout
    # The legacy file was opened read only: not a byte of it changed.
    assert hashlib.sha256(legacy_file.read_bytes()).hexdigest() == before
