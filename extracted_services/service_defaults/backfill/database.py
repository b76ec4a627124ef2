"""The `legacy` database alias: a read-only connection to the monolith's database, for backfill only.

Settings add it beside the service's own database:

    DATABASES = {
        "default": database_from_env("ORDERS_DATABASE_URL", "orders.sqlite3"),
        "legacy": legacy_database_from_env(),
    }

and `LegacyDatabaseRouter` keeps every model and migration away from it: only the backfill and
reconcile commands read it, with SQL of their own.
"""

from __future__ import annotations

import os
from typing import Any

import dj_database_url

from extracted_services.service_defaults.env import VAR_DIR

LEGACY_ALIAS = "legacy"
LEGACY_URL_ENV = "LEGACY_DATABASE_URL"
LEGACY_SQLITE_FILE = "legacy_monolith.sqlite3"  # the monolith's own default (its DATABASE_URL)


def legacy_database_from_env() -> dict[str, Any]:
    """A read-only DATABASES entry for `LEGACY_DATABASE_URL`, else the monolith's SQLite file."""
    url = os.environ.get(LEGACY_URL_ENV) or f"sqlite:///{VAR_DIR / LEGACY_SQLITE_FILE}"
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Django opens SQLite with uri=True: mode=ro refuses every write, and a missing file.
        config["NAME"] = f"file:{config['NAME']}?mode=ro"
        config["OPTIONS"] = {"timeout": 20}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        options = dict(config.get("OPTIONS") or {})
        options["options"] = (
            f"{options.get('options', '')} -c default_transaction_read_only=on".strip()
        )
        config["OPTIONS"] = options
    # The backfill reads the legacy tables by keyset, one short query per batch, never in one
    # long transaction: the monolith keeps taking writes meanwhile.
    config["ATOMIC_REQUESTS"] = False
    config["AUTOCOMMIT"] = True
    return config


class LegacyDatabaseRouter:
    """Routes nothing to the `legacy` alias and never migrates it (it is the monolith's)."""

    def db_for_read(self, model: Any, **hints: Any) -> None:
        return None

    def db_for_write(self, model: Any, **hints: Any) -> None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> None:
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == LEGACY_ALIAS else None
