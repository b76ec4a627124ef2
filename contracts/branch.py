"""The branch the stages run on, which decides whether pending interactions are allowed."""

import os
import subprocess

from .config import REPO_ROOT


def current_branch() -> str:
    """CONTRACTS_BRANCH if set, else git's current branch; "main" when it cannot be told.

    Unknown counts as main on purpose: a detached CI checkout must not let pending through.
    """
    configured = os.environ.get("CONTRACTS_BRANCH")
    if configured:
        return configured
    try:
        name = subprocess.run(
            ["git", "rev-parse", "--abbrev-ref", "HEAD"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "main"
    return name if name and name != "HEAD" else "main"
