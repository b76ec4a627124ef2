"""Provider states of the mobile app's pact for the proxy: the monolith's states, carried over.

Each state is set up by the monolith's own handler (`provider_states.py`), then, once its rows
are committed, `strangler backfill` copies the features it touches into their services, as the
legacy API parity test does. So the same named states hold on both sides of the proxy. After
every interaction `reset()` empties the services' tables (the monolith's are emptied by the
state endpoint), so no row of one interaction is seen by the next.
"""

import functools
import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from django.db import transaction
from psycopg import sql

FEATURES = ("users", "products", "orders")
# Rows Django recreates itself, as the state endpoint keeps them in the monolith.
KEPT_TABLES = {"django_content_type", "auth_permission", "django_migrations"}
BACKFILL_TIMEOUT = 120


def _monolith_states() -> dict[str, Callable[..., Any]]:
    # The pair's folder is no package: load the monolith's states file by its path.
    path = Path(__file__).with_name("provider_states.py")
    spec = importlib.util.spec_from_file_location("contracts_states_mobile_app_monolith", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PROVIDER_STATES


def _carried(handler: Callable[..., Any], *features: str) -> Callable[..., Any]:
    """`handler`, then a backfill of `features` once the state's transaction commits."""

    # wraps: the registry reads the handler's parameters through __wrapped__.
    @functools.wraps(handler)
    def state(**params: Any) -> Any:
        values = handler(**params)
        # The backfill reads the legacy database from another process: only committed rows.
        transaction.on_commit(lambda: backfill(*features))
        return values

    return state


def backfill(*features: str) -> None:
    """`strangler backfill FEATURE --restart` for each feature, as the parity test runs it."""
    for feature in features:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": f"tests.e2e.settings.{feature}",
            "LEGACY_DATABASE_URL": os.environ["DATABASE_URL"],
        }
        command = [sys.executable, "-m", "strangler_cli.main", "backfill", feature]
        done = subprocess.run(
            [*command, "--restart", "--no-progress"],
            env=env,
            capture_output=True,
            text=True,
            timeout=BACKFILL_TIMEOUT,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"backfill of {feature} failed: {(done.stdout + done.stderr)[-800:]}"
            )


def reset() -> None:
    """Empty every service table the backfill filled (one TRUNCATE per service)."""
    for feature in FEATURES:
        with psycopg.connect(os.environ[f"{feature.upper()}_DATABASE_URL"]) as connection:
            names = [
                row[0]
                for row in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
                if row[0] not in KEPT_TABLES
            ]
            if names:
                tables = sql.SQL(", ").join(sql.Identifier(name) for name in names)
                connection.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(tables))


_MONOLITH = _monolith_states()
# Which services read what each state writes: a customer lives in users, a product or category
# in products, an order in orders (with its customer and its lines' products).
_TOUCHES = {
    "a customer {username} with password {password}": ("users",),
    "a customer with token {token}": ("users",),
    "a product with id {prod_id} and stock {qty}": ("products",),
    "a product with id {prod_id} named {prod_name}": ("products",),
    "no product with id {prod_id}": ("products",),
    "a category with slug {slug}": ("products",),
    "the customer with token {token} has order {order_id} in status {status}": FEATURES,
}

_UNMAPPED = sorted(set(_MONOLITH) - set(_TOUCHES))
if _UNMAPPED:
    raise LookupError(f"{__file__}: say which services read the states {_UNMAPPED} (_TOUCHES)")

PROVIDER_STATES = {name: _carried(handler, *_TOUCHES[name]) for name, handler in _MONOLITH.items()}
