"""The strangler around an end-to-end run's processes: the control plane, the monolith's web
process (its ports reading the control plane's stages) and the proxy in front of both.

All three run as in production (gunicorn, the control plane's base settings with the default
drain hook reading the run's databases), on free ports; the control plane gets a database of its
own, `<monolith test database>_control`, dropped afterwards.
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
import requests

from messaging.tests.support import Child, wait_until

from .stack import REPO_ROOT, Stack, free_port

SHOP_ROUTES = REPO_ROOT / "strangler_proxy/control_plane/features/shop_routes.json"
CONTROL_MANAGE = REPO_ROOT / "strangler_proxy/control_plane/manage.py"
# Run in the control plane's shell once it is migrated: the shop's routes plus the run's own.
SETUP_SCRIPT = """
import os
from django.contrib.auth.models import User
from django.core.management import call_command
call_command("strangler_load_routes", os.environ["E2E_ROUTES_FILE"])
User.objects.create_user(os.environ["E2E_OPERATOR"], password=os.environ["E2E_PASSWORD"],
                         is_staff=True)
"""


@dataclass
class Strangler:
    stack: Stack
    operator: tuple[str, str] = ("operator", "pw-operator-e2e")
    control_key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    override_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    control_url: str = ""
    monolith_url: str = ""
    proxy_url: str = ""
    children: list[Child] = field(default_factory=list)

    @property
    def control_database_url(self) -> str:
        return f"{self.stack.legacy_database_url}_control"

    # -- the control plane -----------------------------------------------------------------------

    def start_control_plane(self, *, extra_routes: dict[str, list[dict[str, Any]]]) -> None:
        """Create, migrate and fill its database (the shop's routes, with `extra_routes` added
        to their features, and a staff operator), then serve it with threads (the switch waits
        inside a request while proxy workers keep polling)."""
        self._database("create")
        routes = json.loads(SHOP_ROUTES.read_text())
        for feature in routes["features"]:
            feature["routes"] += extra_routes.get(feature["name"], [])
        routes_file = self.stack.logs / "routes.json"
        routes_file.write_text(json.dumps(routes))
        env = self._control_env(
            E2E_ROUTES_FILE=str(routes_file),
            E2E_OPERATOR=self.operator[0],
            E2E_PASSWORD=self.operator[1],
        )
        manage = [sys.executable, str(CONTROL_MANAGE)]
        for args, name in (
            (["migrate", "-v0"], "migrate"),
            (["shell", "-c", SETUP_SCRIPT], "setup"),
        ):
            child = Child([*manage, *args], env, self.stack.logs / f"control-{name}.log")
            code = child.process.wait(timeout=120)
            child.kill()
            assert code == 0, f"control plane {name} failed:\n{child.output()}"
        port = free_port()
        self.control_url = f"http://127.0.0.1:{port}"
        child = self._spawn(
            [
                *_gunicorn("strangler_proxy.control_plane.wsgi:application", port),
                *("--workers", "1", "--threads", "8"),
            ],
            env,
            "control-plane",
        )
        _wait_for(f"{self.control_url}/_strangler/health/", "the control plane", child)

    def _control_env(self, **extra: str) -> dict[str, str]:
        return self.stack.env(
            DJANGO_SETTINGS_MODULE="strangler_proxy.control_plane.settings.base",
            CONTROL_PLANE_DATABASE_URL=self.control_database_url,
            STRANGLER_VAR_DIR=str(self.stack.logs / "var"),
            STRANGLER_CONTROL_KEY=self.control_key,
            STRANGLER_OVERRIDE_SECRET=self.override_secret,
            # What the default drain hook reads (the same names backfill uses).
            LEGACY_DATABASE_URL=self.stack.legacy_database_url,
            **{
                f"{name.upper()}_DATABASE_URL": service.database_url
                for name, service in self.stack.services.items()
            },
            STRANGLER_DRAIN_TIMEOUT="20",
            LOG_LEVEL="INFO",
            **extra,
        )

    # -- the monolith's web process --------------------------------------------------------------

    def start_monolith_web(self) -> None:
        port = free_port()
        self.monolith_url = f"http://127.0.0.1:{port}"
        env = self.stack.env(
            DJANGO_SETTINGS_MODULE="tests.e2e.settings.legacy",
            STRANGLER_CONTROL_PLANE_URL=self.control_url,
            STRANGLER_CONTROL_KEY=self.control_key,
        )
        child = self._spawn(
            [
                *_gunicorn("legacy_monolith.wsgi:application", port),
                *("--workers", "2", "--threads", "4"),
            ],
            env,
            "monolith-web",
        )
        _wait_for(f"{self.monolith_url}/api/categories/", "the monolith", child)

    # -- the proxy -------------------------------------------------------------------------------

    def start_proxy(self, *, workers: int = 2) -> None:
        """Two workers, each polling the control plane; waits until every one has reported."""
        port = free_port()
        self.proxy_url = f"http://127.0.0.1:{port}"
        backends = {"legacy": self.monolith_url, "control": self.control_url}
        backends.update({name: s.url for name, s in self.stack.services.items()})
        env = self.stack.env(
            STRANGLER_BIND=f"127.0.0.1:{port}",
            STRANGLER_WORKERS=str(workers),
            STRANGLER_BACKENDS=",".join(f"{name}={url}" for name, url in backends.items()),
            STRANGLER_CONTROL_KEY=self.control_key,
            STRANGLER_OVERRIDE_SECRET=self.override_secret,
            STRANGLER_RATE_LIMIT="100000/second",
            STRANGLER_ACCESS_LOG="0",
            STRANGLER_SHUTDOWN_TIMEOUT="1",
            PROMETHEUS_MULTIPROC_DIR=str(self.stack.logs / "proxy-metrics"),
        )
        config = str(REPO_ROOT / "strangler_proxy/gunicorn_conf.py")
        child = self._spawn(
            [sys.executable, "-m", "gunicorn", "-c", config, "tests.e2e.proxy_app:gunicorn_app"],
            env,
            "proxy",
        )
        _wait_for(f"{self.proxy_url}/_strangler/health/", "the proxy", child)
        wait_until(
            lambda: self.live_proxy_workers() >= workers,
            timeout=20,
            what="every proxy worker to poll the control plane",
        )

    def live_proxy_workers(self) -> int:
        return self.control_query(
            "SELECT COUNT(*) FROM strangler_features_proxyworker "
            "WHERE last_seen > now() - interval '2 seconds'"
        )[0][0]

    # -- reading and teardown --------------------------------------------------------------------

    def control_query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.control_database_url, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def close(self) -> None:
        for child in reversed(self.children):
            child.kill()
        self._database("drop")

    def _spawn(self, args: list[str], env: dict[str, str], name: str) -> Child:
        child = self.stack.spawn(args, env, name)
        self.children.append(child)
        return child

    def _database(self, action: str) -> None:
        base, name = self.control_database_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if action == "create":
                connection.execute(f'CREATE DATABASE "{name}"')


def _gunicorn(app: str, port: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}"]


def _wait_for(url: str, what: str, child: Child) -> None:
    def answers() -> bool:
        if child.process.poll() is not None:
            raise AssertionError(f"{what} exited early:\n{child.output()[-3000:]}")
        try:
            return requests.get(url, timeout=2).ok
        except requests.RequestException:
            return False

    wait_until(answers, timeout=30, interval=0.2, what=what)


@contextmanager
def running_strangler(stack: Stack) -> Iterator[Strangler]:
    strangler = Strangler(stack=stack)
    try:
        yield strangler
    finally:
        strangler.close()
