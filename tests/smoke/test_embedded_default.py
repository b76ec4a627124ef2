"""The embedded default, as `make demo` runs it: SQLite under var/, migrate, seed, serve."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def embedded_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="legacy_monolith.settings.base",
        STRANGLER_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(REPO_ROOT),
    )
    return env


def _django(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "django", *args], env=env, cwd=REPO_ROOT, check=True)


def _wait_until_serving(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "the shop's server exited during start-up"
        try:
            requests.get(url, timeout=5)
            return
        except requests.RequestException:  # not listening yet, or still booting
            time.sleep(0.2)
    pytest.fail(f"nothing answered at {url} within 30 s")


def test_migrate_seed_and_serve_on_sqlite(embedded_env: dict[str, str], tmp_path: Path) -> None:
    _django(embedded_env, "migrate", "--no-input", "-v", "0")
    _django(
        embedded_env,
        "seed",
        "--customers",
        "5",
        "--products",
        "20",
        "--orders",
        "15",
        "--seed",
        "7",
    )
    _django(embedded_env, "collectstatic", "--no-input", "-v", "0")
    assert (tmp_path / "var" / "legacy_monolith.sqlite3").exists()

    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "legacy_monolith.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=embedded_env,
        cwd=REPO_ROOT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_serving(base + "/", server)

        home = requests.get(base + "/", timeout=15)
        assert home.status_code == 200
        assert "text/html" in home.headers["Content-Type"]

        products = requests.get(base + "/api/products/", timeout=15)
        assert products.status_code == 200
        body = products.json()
        assert body["count"] == 20
        assert body["results"][0]["prod_name"]

        first = body["results"][0]
        assert (
            first["prod_name"]
            in requests.get(base + f"/products/{first['prod_id']}/", timeout=15).text
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
