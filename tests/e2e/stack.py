"""The processes of one end-to-end run: the monolith's relay and reverse-sync consumer, and per
service its database, API (gunicorn), relay and forward-sync consumer.

The monolith's processes use the test database pytest-django made; each service gets its own
database `<that name>_<service>`, created and migrated here and dropped afterwards. Every
process talks to RabbitMQ on the run's own exchange and queue names, removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import requests
from kombu import Connection

from extracted_services.service_defaults.identity import Identity, bearer_header
from messaging.tests.support import Child, wait_until

REPO_ROOT = Path(__file__).resolve().parents[2]
RABBITMQ_URL = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")
SERVICE = Identity(kind="service", subject="e2e-tests", username="e2e-tests")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Service:
    """One extracted service of the run: where its API answers and how to reach its database."""

    name: str
    database_url: str
    url: str = ""

    def call(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> requests.Response:
        """Call the API as a service, with a freshly signed token."""
        headers = {**(headers or {}), **bearer_header(SERVICE, issuer="e2e-tests")}
        return requests.request(method, self.url + path, headers=headers, timeout=10, **kwargs)

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()  # type: ignore[arg-type]


@dataclass
class Stack:
    """Starts and stops the processes; `legacy_database_url` is the monolith's test database."""

    legacy_database_url: str
    logs: Path
    run_id: str = field(default_factory=lambda: f"h12-e2e-{uuid.uuid4().hex[:8]}")
    children: list[Child] = field(default_factory=list)
    services: dict[str, Service] = field(default_factory=dict)
    queues: list[str] = field(default_factory=list)

    @property
    def exchange(self) -> str:
        return self.run_id

    @property
    def queue_prefix(self) -> str:
        return f"{self.run_id}."

    def env(self, **overrides: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
        env.update(
            PYTHONPATH=str(REPO_ROOT),
            PYTHONUNBUFFERED="1",
            RABBITMQ_URL=RABBITMQ_URL,
            BROKER_URL=RABBITMQ_URL,
            MESSAGING_BROKER_URL=RABBITMQ_URL,
            MESSAGING_EXCHANGE=self.exchange,
            MESSAGING_QUEUE_PREFIX=self.queue_prefix,
            MESSAGING_QUEUE_TYPE="classic",
            E2E_EXCHANGE=self.exchange,
            E2E_QUEUE_PREFIX=self.queue_prefix,
            DATABASE_URL=self.legacy_database_url,
            LOG_LEVEL="WARNING",
        )
        for service in self.services.values():
            env[f"{service.name.upper()}_SERVICE_URL"] = service.url or "http://127.0.0.1:9"
        env.update(overrides)
        return env

    # -- the monolith ----------------------------------------------------------------------------

    def start_monolith(self, *consumers: str) -> None:
        env = self.env(DJANGO_SETTINGS_MODULE="legacy_monolith.settings.test")
        manage = [sys.executable, str(REPO_ROOT / "legacy_monolith" / "manage.py")]
        self._spawn(
            [sys.executable, str(REPO_ROOT / "tests/e2e/relay_loop.py")], env, "legacy-relay"
        )
        for consumer in consumers:
            self._spawn([*manage, "messaging_consume", consumer], env, consumer)
            self.queues.append(self.queue_prefix + consumer)

    # -- a service -------------------------------------------------------------------------------

    def create_service(self, name: str) -> Service:
        """Create and migrate the service's own database; start nothing yet."""
        database = f"{self.legacy_database_url.rsplit('/', 1)[1]}_{name}"
        admin_url = self.legacy_database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{database}"')
        service = self.services[name] = Service(
            name=name, database_url=self.legacy_database_url.rsplit("/", 1)[0] + "/" + database
        )
        self._run_manage(name, ["migrate", "-v0"])
        return service

    def start_service(self, name: str, *consumers: str) -> Service:
        """Start the service's API, its relay and `consumers`; wait until the API answers."""
        service = self.services[name]
        port = free_port()
        service.url = f"http://127.0.0.1:{port}"
        env = self._service_env(name)
        gunicorn = [sys.executable, "-m", "gunicorn", f"extracted_services.{name}.wsgi:application"]
        self._spawn(
            [*gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "1"], env, f"{name}-api"
        )
        self._spawn(
            [sys.executable, str(REPO_ROOT / "tests/e2e/relay_loop.py")], env, f"{name}-relay"
        )
        for consumer in consumers:
            self._spawn([*self._manage(name), "messaging_consume", consumer], env, consumer)
            self.queues.append(self.queue_prefix + consumer)
        wait_until(lambda: _answers(f"{service.url}/health/live"), timeout=30, what=f"{name} API")
        return service

    def wait_for_consumers(self) -> None:
        """Wait until every consumer listens: events published before would find no queue."""
        wait_until(self._all_consuming, timeout=30, interval=0.2, what="the consumers to listen")

    # -- teardown --------------------------------------------------------------------------------

    def close(self) -> None:
        for child in reversed(self.children):
            child.kill()
        with contextlib.suppress(Exception), Connection(RABBITMQ_URL) as broker:
            channel = broker.channel()
            for queue in self.queues:
                channel.queue_delete(queue)
                channel.queue_delete(f"{queue}.dlq")
            channel.exchange_delete(self.exchange)
            channel.exchange_delete(f"{self.exchange}.dlx")
        admin_url = self.legacy_database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as connection:
            for service in self.services.values():
                database = service.database_url.rsplit("/", 1)[1]
                connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def logs_of(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    # -- helpers ---------------------------------------------------------------------------------

    def _manage(self, name: str) -> list[str]:
        return [sys.executable, str(REPO_ROOT / "extracted_services" / name / "manage.py")]

    def _service_env(self, name: str) -> dict[str, str]:
        return self.env(
            DJANGO_SETTINGS_MODULE=f"tests.e2e.settings.{name}",
            **{f"{name.upper()}_DATABASE_URL": self.services[name].database_url},
        )

    def _run_manage(self, name: str, args: list[str]) -> None:
        child = Child(
            [*self._manage(name), *args], self._service_env(name), self._log(f"{name}-manage")
        )
        code = child.process.wait(timeout=120)
        child.kill()
        if code != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} of {name} failed:\n{child.output()}")

    def spawn(self, args: list[str], env: dict[str, str], name: str) -> Child:
        """Start one more process of the run, logged to `<name>.log`, killed with the rest."""
        return self._spawn(args, env, name)

    def _spawn(self, args: list[str], env: dict[str, str], name: str) -> Child:
        child = Child(args, env, self._log(name))
        self.children.append(child)
        return child

    def _log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def _all_consuming(self) -> bool:
        for child in self.children:
            if child.process.poll() is not None:
                raise AssertionError(f"a process exited early:\n{child.output()[-3000:]}")
        with Connection(RABBITMQ_URL) as broker:
            channel = broker.channel()
            for queue in self.queues:
                try:
                    _, _, consumers = channel.queue_declare(queue=queue, passive=True)
                except Exception:
                    return False
                if consumers < 1:
                    return False
        return True


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).ok
    except requests.RequestException:
        return False


@contextlib.contextmanager
def running_stack(legacy_database_url: str, logs: Path) -> Iterator[Stack]:
    stack = Stack(legacy_database_url=legacy_database_url, logs=logs)
    try:
        yield stack
    finally:
        stack.close()
