"""The embedded default as `make demo` runs it: SQLite, the filesystem broker, one relay at a time."""

import json
import subprocess
import sys

import pytest

from .support import REPO_ROOT, child_env


@pytest.mark.slow
def test_writers_two_relays_and_a_consumer_work_on_sqlite_and_the_filesystem_broker(tmp_path):
    env = child_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", STRANGLER_VAR_DIR=str(tmp_path)
    )
    for name in ("BROKER_URL", "CELERY_BROKER_URL", "MESSAGING_BROKER_URL"):
        env.pop(name, None)

    done = subprocess.run(
        [sys.executable, "-m", "messaging.tests.sqlite_demo"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )

    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["counts"] == {"applied": 105}
    assert result["sequences"] == {str(pk): list(range(1, 22)) for pk in range(1, 6)}
    assert result["balances"] == [210] * 5
    assert (tmp_path / "broker" / "events" / "messages").is_dir()
