"""Reading the legacy shop's tables through the read-only `legacy` alias, by keyset on the id.

Rows come back as dicts keyed by column name, exactly as `acl` expects them: integers, strings,
booleans and naive local datetimes. On PostgreSQL the monolith's timestamps are `timestamptz`
and arrive here as aware instants (this connection speaks UTC), so they are turned back into the
naive wall-clock time the monolith itself reads; on SQLite they are naive already.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from acl import clock

from .database import LEGACY_ALIAS, LEGACY_URL_ENV


class LegacyDatabaseUnavailable(Exception):
    """The legacy database is not configured or cannot be read; the message says what to fix."""


def legacy_connection() -> BaseDatabaseWrapper:
    if LEGACY_ALIAS not in settings.DATABASES:
        raise LegacyDatabaseUnavailable(
            f"this service has no {LEGACY_ALIAS!r} database; set {LEGACY_URL_ENV} to the "
            "monolith's database URL and use the service's base or production settings"
        )
    return connections[LEGACY_ALIAS]


def legacy_zone() -> str:
    """The monolith's local time zone, in which legacy timestamps are naive.

    The monolith reads it from `LEGACY_TIME_ZONE` (default Europe/London); so does this side.
    """
    return (
        getattr(settings, "LEGACY_TIME_ZONE", None)
        or os.environ.get("LEGACY_TIME_ZONE")
        or clock.LEGACY_ZONE
    )


def fetch(sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Run one read on the legacy database; rows as dicts with naive local datetimes."""
    connection = legacy_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            columns = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
    except DatabaseError as error:
        raise LegacyDatabaseUnavailable(
            f"cannot read the legacy database ({_where(connection)}): {error}".strip()
        ) from error
    zone = clock.zone_info(legacy_zone())
    return [_local_row(dict(zip(columns, row, strict=True)), zone) for row in rows]


def fetch_count(table: str, *, where: str = "", params: Sequence[Any] = ()) -> int:
    clause = f" WHERE {where}" if where else ""
    rows = fetch(f"SELECT COUNT(*) AS n FROM {table}{clause}", params)
    return int(rows[0]["n"])


def _local_row(row: dict[str, Any], zone: Any) -> dict[str, Any]:
    for name, value in row.items():
        if isinstance(value, datetime) and value.tzinfo is not None:
            row[name] = value.astimezone(zone).replace(tzinfo=None)
    return row


def _where(connection: BaseDatabaseWrapper) -> str:
    config: Mapping[str, Any] = connection.settings_dict
    if config.get("HOST"):
        return f"database {config.get('NAME')} on {config['HOST']}"
    return f"{config.get('NAME')}"
