"""Secrets shared by the proxy and its control plane: from the environment or var/.

Each secret is read from its environment variable; when unset, a random value is generated once
into `var/strangler-secrets.json` (mode 0600) so that every process on a demo machine agrees
without any value being guessable from the source.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
ENV_NAMES = {
    "override": "STRANGLER_OVERRIDE_SECRET",
    "control": "STRANGLER_CONTROL_KEY",
}


def secrets_file() -> Path:
    var_dir = Path(os.environ.get("STRANGLER_VAR_DIR", REPO_ROOT / "var"))
    return var_dir / "strangler-secrets.json"


def load_secret(name: str) -> str:
    """The secret called `name` (override or control)."""
    from_env = os.environ.get(ENV_NAMES[name])
    if from_env:
        return from_env
    return _file_secrets()[name]


def _file_secrets() -> dict[str, str]:
    path = secrets_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        values = {name: secrets.token_urlsafe(32) for name in ENV_NAMES}
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(values, handle)
        # link() fails when another process won the race: then everyone reads the winner's file.
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return json.loads(path.read_text())
