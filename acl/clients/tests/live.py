"""An extracted service running for real: migrated SQLite database, gunicorn on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[3]
DATABASE_ENV = {
    "users": "USERS_DATABASE_URL",
    "products": "PRODUCTS_DATABASE_URL",
    "orders": "ORDERS_DATABASE_URL",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_service(
    name: str, var: Path, *, seed: str = "", env: dict[str, str] | None = None
) -> Iterator[str]:
    """Migrate a fresh database for service `name`, run `seed` in its shell, serve it; yields
    its base URL and stops it afterwards."""
    environment = {
        **os.environ,
        **(env or {}),
        "PYTHONPATH": str(REPO_ROOT),
        "DJANGO_SETTINGS_MODULE": f"extracted_services.{name}.settings.base",
        DATABASE_ENV[name]: f"sqlite:///{var / f'{name}.sqlite3'}",
        "STRANGLER_VAR_DIR": str(var),
    }
    manage = [sys.executable, str(REPO_ROOT / f"extracted_services/{name}/manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=environment, check=True, timeout=180)
    if seed:
        subprocess.run([*manage, "shell", "-c", seed], env=environment, check=True, timeout=60)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            f"extracted_services.{name}.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                # The first request loads the whole app: on a busy machine it takes a while.
                if requests.get(f"{url}/health/live", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"the {name} service did not start on {url}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
