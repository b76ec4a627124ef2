"""Databases for the backfill tests: the monolith's and each service's, cloned per test from
templates that are migrated (and for the monolith, seeded) once per session.

Everything runs as the operator runs it: the monolith's and the services' `manage.py` and the
`strangler` CLI in child processes, each with its own settings. The tests read and change the
databases directly with psycopg.

Names: `$BACKFILL_TEST_DB_PREFIX` (default: the DATABASE_URL database's name + `_bf`) followed by
`_legacy`, `_users`, `_products`, `_orders`; templates end in `_tpl`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
import pytest
from psycopg import sql

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("users", "products", "orders")
DATABASES = ("legacy", *SERVICES)
SEED = ["--customers", "25", "--products", "30", "--orders", "300", "--until", "2025-06-30"]


@dataclass(frozen=True)
class Stack:
    """The four databases of one test, and how to run commands against them."""

    urls: dict[str, str]
    env: dict[str, str]

    def strangler(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "strangler_cli.main", *args],
            env=self.env,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def rows(self, database: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.urls[database], autocommit=True) as connection:
            cursor = connection.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def value(self, database: str, query: str, *params: Any) -> Any:
        return self.rows(database, query, *params)[0][0]


def _server() -> tuple[str, str]:
    """(URL of the server's maintenance database, the prefix of this run's database names)."""
    url = os.environ.get("DATABASE_URL", "")
    config = dj_database_url.parse(url) if url else {}
    if config.get("ENGINE") != "django.db.backends.postgresql":
        message = "the backfill tests need DATABASE_URL on PostgreSQL"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{message}: it is required in CI", pytrace=False)
        pytest.skip(message)
    prefix = os.environ.get("BACKFILL_TEST_DB_PREFIX") or f"{config['NAME']}_bf"
    user = config.get("USER") or "postgres"
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    host = config.get("HOST") or "127.0.0.1"
    port = config.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/postgres", prefix


def _url(server: str, name: str) -> str:
    return server.rsplit("/", 1)[0] + f"/{name}"


def _recreate(server: str, name: str, *, template: str | None = None) -> None:
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        connection.execute(create)


def base_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: no settings or database of the test run's own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.endswith("DATABASE_URL")
        and key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG"}
    }
    env["PYTHONPATH"] = str(REPO_ROOT)
    env.update(extra)
    return env


def manage(project: str, *args: str, env: dict[str, str]) -> None:
    script = REPO_ROOT / (
        "legacy_monolith/manage.py"
        if project == "legacy"
        else f"extracted_services/{project}/manage.py"
    )
    result = subprocess.run(
        [sys.executable, str(script), *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{project} {' '.join(args)}:\n{result.stdout}\n{result.stderr}"


def _url_env(database: str, url: str) -> dict[str, str]:
    name = "DATABASE_URL" if database == "legacy" else f"{database.upper()}_DATABASE_URL"
    return {name: url}


@pytest.fixture(scope="session")
def templates() -> dict[str, str]:
    """Template databases: the monolith's migrated and seeded, each service's migrated."""
    server, prefix = _server()
    names = {database: f"{prefix}_{database}_tpl" for database in DATABASES}
    for database, name in names.items():
        _recreate(server, name)
        env = base_env(**_url_env(database, _url(server, name)))
        manage(database, "migrate", "--no-input", "-v", "0", env=env)
    legacy_env = base_env(DATABASE_URL=_url(server, names["legacy"]))
    manage("legacy", "seed", *SEED, "--no-progress", env=legacy_env)
    return names


@pytest.fixture
def stack(templates: dict[str, str]) -> Iterator[Stack]:
    """Fresh copies of the seeded monolith and of the empty services for one test."""
    server, prefix = _server()
    urls = {}
    for database in DATABASES:
        name = f"{prefix}_{database}"
        _recreate(server, name, template=templates[database])
        urls[database] = _url(server, name)
    env = base_env(
        LEGACY_DATABASE_URL=urls["legacy"],
        **{f"{service.upper()}_DATABASE_URL": urls[service] for service in SERVICES},
    )
    yield Stack(urls=urls, env=env)
