"""A provider started for verification: its own database, migrated, and gunicorn on a free port.

The database is never one a person or another test run uses: CONTRACTS_DATABASE_URL, or
`contracts_provider` on the local PostgreSQL when it is reachable, or a SQLite file under var/,
with the provider's name after it (`contracts_provider_users`): each provider has its own.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from .config import REPO_ROOT, Provider

DEFAULT_DATABASE = "contracts_provider"
START_TIMEOUT = 60.0
STATES_PATH = "/_pact/provider-states"
MESSAGES_PATH = "/_pact/messages"


class ProviderStartError(Exception):
    """The provider could not be prepared or started; the message carries its own output."""


@dataclass(frozen=True)
class RunningProvider:
    name: str
    url: str
    log: Path
    # Where the state endpoint is, when another process than the one at `url` sets states up
    # (the monolith behind the proxy); empty for the provider itself.
    states_base: str = ""

    @property
    def states_url(self) -> str:
        return (self.states_base or self.url) + STATES_PATH

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def messages_path(self, consumer: str) -> str:
        """Where the verifier asks for the messages of `consumer`'s pact."""
        return f"{MESSAGES_PATH}/{consumer}"

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def verification_database_url() -> str:
    configured = os.environ.get("CONTRACTS_DATABASE_URL")
    if configured:
        return configured
    if _tcp_open("127.0.0.1", 5432):
        return f"postgres://postgres@127.0.0.1:5432/{DEFAULT_DATABASE}"
    var = Path(os.environ.get("STRANGLER_VAR_DIR", REPO_ROOT / "var"))
    var.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{var / DEFAULT_DATABASE}.sqlite3"


def database_url_for(base: str, suffix: str) -> str:
    """`base` with `_<suffix>` after the database name (or the SQLite file's stem)."""
    parts = urlsplit(base)
    if parts.path.endswith(".sqlite3"):
        return parts._replace(
            path=parts.path.removesuffix(".sqlite3") + f"_{suffix}.sqlite3"
        ).geturl()
    return parts._replace(path=f"{parts.path}_{suffix}").geturl()


def database_prepare(provider: Provider, *, database_url: str, log: Path) -> None:
    """Create the database if it is missing and migrate it (the stage empties it afterwards)."""
    if urlsplit(database_url).scheme.startswith("postgres"):
        _postgres_create_if_missing(database_url)
    command = [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"]
    with log.open("ab") as out:
        done = subprocess.run(
            command,
            cwd=REPO_ROOT,
            env=_provider_env(provider, database_url, ()),
            stdout=out,
            stderr=out,
        )
    if done.returncode != 0:
        raise ProviderStartError(
            f"migrating {provider.name}'s verification database failed:\n{_tail(log)}"
        )


@contextmanager
def provider_running(
    provider: Provider, *, database_url: str, log: Path, patches: tuple[str, ...] = ()
) -> Iterator[RunningProvider]:
    """gunicorn serving the provider with its verification settings, stopped on exit.

    One worker with one thread: state changes and the requests they prepare for must reach the
    same process, in order.
    """
    # gunicorn inherits a socket already listening on a free port: no window for another
    # process to take the port between choosing and binding it.
    listener = socket.create_server(("127.0.0.1", 0))
    listener.set_inheritable(True)
    port = int(listener.getsockname()[1])
    command = [
        sys.executable, "-m", "gunicorn",
        "--bind", f"fd://{listener.fileno()}",
        "--workers", "1", "--threads", "1", "--timeout", "120",
        "--access-logfile", "-", "--error-logfile", "-",
        provider.wsgi,
    ]  # fmt: skip
    with listener, log.open("ab") as out:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=_provider_env(provider, database_url, patches),
            stdout=out,
            stderr=subprocess.STDOUT,
            pass_fds=(listener.fileno(),),
        )
    running = RunningProvider(name=provider.name, url=f"http://127.0.0.1:{port}", log=log)
    try:
        _wait_until_serving(process, running)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _provider_env(
    provider: Provider, database_url: str, patches: tuple[str, ...]
) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": provider.settings,
        "DATABASE_URL": database_url,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    }
    env.pop("CONTRACTS_PROVIDER_PATCHES", None)
    if patches:
        env["CONTRACTS_PROVIDER_PATCHES"] = ",".join(patches)
    return env


def _wait_until_serving(process: subprocess.Popen, running: RunningProvider) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ProviderStartError(
                f"{running.name} exited with status {process.returncode} while starting:\n{running.log_tail()}"
            )
        try:
            if requests.get(running.states_url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise ProviderStartError(
        f"{running.name} did not answer {running.states_url} within {START_TIMEOUT:.0f}s:\n{running.log_tail()}"
    )


def _postgres_create_if_missing(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name:
        raise ProviderStartError(f"{database_url} names no database")
    server = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(server, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise ProviderStartError(
            f"cannot create the verification database {name!r}: {exc}"
        ) from exc


def _tcp_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def provider_process_for(provider: Provider, *, default: Callable[..., Any]) -> Callable[..., Any]:
    """How `provider` is started: its runner's context manager, `default` for `django`."""
    if provider.runner == "strangler_proxy":
        # Imported only here: it starts the whole parity stack (tests/e2e).
        from .proxy_process import proxy_running

        return proxy_running
    return default
