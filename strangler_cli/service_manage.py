"""Running a service's management command from `strangler`: each service is its own Django project.

The command runs in a child process with that service's settings module; its output goes
straight to the terminal and its exit code becomes `strangler`'s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
# Feature -> the service that owns it; today one service per feature, named alike.
FEATURE_SERVICES = {"users": "users", "products": "products", "orders": "orders"}


def add_feature_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("feature", choices=sorted(FEATURE_SERVICES), help="the feature")
    parser.add_argument(
        "--settings",
        metavar="MODULE",
        help="the service's settings module (default: extracted_services.<service>.settings.base;"
        " .production in production)",
    )


def run_service_command(
    *, feature: str, command: str, arguments: list[str], settings: str | None
) -> int:
    """Run `manage.py <command> <arguments>` of the feature's service; its exit code."""
    service = FEATURE_SERVICES[feature]
    environment = dict(os.environ)
    environment["DJANGO_SETTINGS_MODULE"] = (
        settings or f"extracted_services.{service}.settings.base"
    )
    environment["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(REPO_ROOT), environment.get("PYTHONPATH", "")) if part
    )
    manage = REPO_ROOT / "extracted_services" / service / "manage.py"
    process = subprocess.Popen([sys.executable, str(manage), command, *arguments], env=environment)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            # The child got the same Ctrl-C: let it roll back its batch and say where it stopped.
            continue
