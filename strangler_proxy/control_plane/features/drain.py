"""The write switch's drain hook: wait until sync has applied everything the old owner wrote.

`drain(feature, direction, timeout)` (STRANGLER_DRAIN_HOOK, the default) reads the old owner's
outbox and the new owner's inbox, read only, and returns once, for the feature's event types:

1. the old owner's outbox holds no unpublished event (nothing pending, nothing failed);
2. the newest event of every aggregate is in the consuming side's inbox, so the consumer has
   applied it (events carry whole rows, and a consumer applies an aggregate's events in order);
3. rolling back only: every row born in the service that reverse sync gave a legacy id has
   told the service that id, so legacy writes to it land on the same row when sync turns forward.

docs/sync.md ("The write-ownership switch") explains why this is enough. Polls back off from
50 ms to 0.5 s; progress is logged every second; it gives up at `timeout` naming what is left.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import dj_database_url
from django.db import DatabaseError
from django.db.utils import ConnectionHandler

from .conf import control_setting

log = logging.getLogger("strangler.control.drain")
FORWARD, REVERSE = "forward", "reverse"
FIRST_POLL_SECONDS, MAX_POLL_SECONDS, PROGRESS_SECONDS = 0.05, 0.5, 1.0
IN_CHUNK = 500
SHOWN = 5


@dataclass(frozen=True)
class SyncStream:
    """One way of one feature's sync: the old owner's outbox → a consumer's inbox."""

    source: str  # database holding the outbox (a key of SYNC_DATABASES)
    sink: str  # database of the consumer that applies the events
    consumer: str
    event_types: tuple[str, ...]
    # Kinds of legacy-id pairs (reverse_sync.LegacyIdPair, in the legacy database) the owning
    # service must have acknowledged before the legacy shop writes those rows again.
    link_kinds: tuple[str, ...] = ()


# The handled types of each consumer (docs/sync.md), restricted to the feature's own rows.
STREAMS: dict[tuple[str, str], SyncStream] = {
    ("users", FORWARD): SyncStream(
        "legacy",
        "users",
        "users-legacy-sync",
        ("legacy.customers.customer.changed.v1", "legacy.customers.customer.deleted.v1"),
    ),
    ("products", FORWARD): SyncStream(
        "legacy",
        "products",
        "products-legacy-sync",
        (
            "legacy.catalogue.category.changed.v1",
            "legacy.catalogue.category.deleted.v1",
            "legacy.catalogue.product.changed.v1",
            "legacy.catalogue.product.deleted.v1",
        ),
    ),
    ("orders", FORWARD): SyncStream(
        "legacy",
        "orders",
        "orders-legacy-sync",
        ("legacy.orders.order.changed.v1", "legacy.orders.order.deleted.v1"),
    ),
    ("users", REVERSE): SyncStream(
        "users",
        "legacy",
        "legacy-reverse-sync",
        ("users.customer.registered.v1", "users.customer.updated.v1"),
        link_kinds=("customer",),
    ),
    ("products", REVERSE): SyncStream(
        "products",
        "legacy",
        "legacy-reverse-sync",
        (
            "products.category.created.v1",
            "products.category.updated.v1",
            "products.product.created.v1",
            "products.product.updated.v1",
            "products.product.stock_changed.v1",
        ),
        link_kinds=("category", "product"),
    ),
    ("orders", REVERSE): SyncStream(
        "orders",
        "legacy",
        "legacy-reverse-sync",
        (
            "orders.order.placed.v1",
            "orders.order.cancelled.v1",
            "orders.order.shipped.v1",
            "orders.order.delivered.v1",
        ),
        link_kinds=("order",),
    ),
}


class SyncNotDrained(RuntimeError):
    """Sync did not catch up in time (or cannot be read); the message says what is left."""


@dataclass(frozen=True)
class WaitingEvent:
    event_id: uuid.UUID
    type: str
    subject: str
    sequence: int
    created_at: datetime | None


@dataclass(frozen=True)
class Backlog:
    """What sync still has to do for one stream, as read at one moment."""

    stream: SyncStream
    pending: int = 0
    failed: int = 0
    unapplied: tuple[WaitingEvent, ...] = ()
    unlinked: int = 0
    checked: int = 0  # aggregates whose newest event was looked up in the inbox
    oldest_unpublished: datetime | None = None
    measured_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def drained(self) -> bool:
        return not (self.pending or self.failed or self.unapplied or self.unlinked)

    @property
    def oldest_unapplied_age_s(self) -> float:
        """Age of the oldest event the consumer has not applied yet (0 when none)."""
        times = [_utc(e.created_at) for e in self.unapplied if e.created_at is not None]
        return max((self.measured_at - min(times)).total_seconds(), 0.0) if times else 0.0

    @property
    def lag_s(self) -> float:
        """How long the oldest change sync has not applied yet has waited (0 when none)."""
        waiting = self.oldest_unpublished
        unpublished = (self.measured_at - waiting).total_seconds() if waiting else 0.0
        return max(unpublished, self.oldest_unapplied_age_s, 0.0)

    def describe(self) -> str:
        s = self.stream
        if self.drained:
            return f"{s.consumer} has applied every {s.source} event ({self.checked} rows)"
        parts = []
        if self.pending:
            parts.append(f"{self.pending} event(s) in the {s.source} outbox not yet published")
        if self.failed:
            parts.append(
                f"{self.failed} event(s) the {s.source} relay gave up on "
                "(see messaging_status, then messaging_retry_failed)"
            )
        if self.unapplied:
            shown = ", ".join(
                f"{e.type} {e.subject} #{e.sequence} ({e.event_id})" for e in self.unapplied[:SHOWN]
            )
            more = f" and {len(self.unapplied) - SHOWN} more" if len(self.unapplied) > SHOWN else ""
            parts.append(
                f"{len(self.unapplied)} event(s) not yet applied by {s.consumer}, oldest "
                f"{self.oldest_unapplied_age_s:.1f}s: {shown}{more} "
                f"(a dead letter shows in messaging_dlq list {s.consumer})"
            )
        if self.unlinked:
            parts.append(
                f"{self.unlinked} legacy id(s) of rows born in the {s.source} service not yet "
                "acknowledged by it (legacy_monolith/manage.py reverse_sync_links)"
            )
        return "; ".join(parts)


async def drain(feature: str, direction: str, timeout: float) -> None:
    """The drain hook: return once sync has applied everything for `feature` in `direction`
    (`forward`: legacy → service, `reverse`: back), or raise SyncNotDrained within `timeout`."""
    stream = stream_for(feature, direction)
    # Finish a little before the switch's own limit, so the operator reads what is left.
    deadline = time.monotonic() + max(timeout - min(0.5, timeout * 0.1), 0.0)
    await asyncio.to_thread(_drain_blocking, feature, direction, stream, deadline)


def stream_for(feature: str, direction: str) -> SyncStream:
    try:
        return STREAMS[(feature, direction)]
    except KeyError:
        known = ", ".join(sorted({f for f, _ in STREAMS}))
        raise SyncNotDrained(
            f"no sync is known for {feature!r} ({direction}); features with sync: {known}"
        ) from None


def sync_backlog(*, feature: str, direction: str) -> Backlog:
    """One reading of what sync still has to do (also the stage gates' sync-lag evidence)."""
    stream = stream_for(feature, direction)
    databases = SyncDatabases(control_setting("SYNC_DATABASES"))
    try:
        return databases.backlog(stream)
    finally:
        databases.close()


def _drain_blocking(feature: str, direction: str, stream: SyncStream, deadline: float) -> None:
    databases = SyncDatabases(control_setting("SYNC_DATABASES"))
    started = time.monotonic()
    pause, next_report = FIRST_POLL_SECONDS, started + PROGRESS_SECONDS
    last: Backlog | str = "nothing read yet"
    log.info("draining %s (%s): waiting for %s", feature, direction, stream.consumer)
    try:
        while True:
            try:
                last = databases.backlog(stream)
            except DatabaseError as exc:
                # A database blip is retried; a wrong URL or table shows in the final message.
                last = f"cannot read the {stream.source} or {stream.sink} database: {exc}"
                databases.close()
            if isinstance(last, Backlog) and last.drained:
                log.info(
                    "drained %s (%s) in %.2fs: %s",
                    feature,
                    direction,
                    time.monotonic() - started,
                    last.describe(),
                )
                return
            now = time.monotonic()
            if now >= deadline:
                left = last.describe() if isinstance(last, Backlog) else last
                raise SyncNotDrained(
                    f"{direction} sync of {feature} did not drain within "
                    f"{now - started:.1f}s: {left}"
                )
            if now >= next_report:
                left = last.describe() if isinstance(last, Backlog) else last
                log.info("draining %s (%s): %s", feature, direction, left)
                next_report = now + PROGRESS_SECONDS
            time.sleep(min(pause, max(deadline - now, 0.0)))
            pause = min(pause * 2, MAX_POLL_SECONDS)
    finally:
        databases.close()


class SyncDatabases:
    """Read-only connections to the shop's and the services' databases, made on first use."""

    def __init__(self, urls: Mapping[str, str]) -> None:
        self._names = set(urls)
        self._connections = ConnectionHandler(
            {"default": {}, **{name: read_only(url) for name, url in urls.items()}}
        )
        self._applied: set[uuid.UUID] = set()  # confirmed by an earlier reading: never re-asked

    def backlog(self, stream: SyncStream) -> Backlog:
        pending, failed, oldest = self._unpublished(stream)
        if pending or failed:
            return Backlog(stream, pending=pending, failed=failed, oldest_unpublished=oldest)
        newest = self._newest_per_aggregate(stream)
        self._applied |= self._in_inbox(stream, [e.event_id for e in newest])
        unapplied = tuple(e for e in newest if e.event_id not in self._applied)
        return Backlog(
            stream, unapplied=unapplied, unlinked=self._unlinked(stream), checked=len(newest)
        )

    def close(self) -> None:
        self._connections.close_all()

    def rows(self, name: str, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """The rows of a read-only query of database `name` (a key of SYNC_DATABASES)."""
        if name not in self._names:
            raise SyncNotDrained(
                f"no database {name!r} in SYNC_DATABASES ({', '.join(sorted(self._names))}); "
                f"set {name.upper()}_DATABASE_URL for the control plane"
            )
        with self._connections[name].cursor() as cursor:
            cursor.execute(sql, list(params))
            return list(cursor.fetchall())

    def _unpublished(self, stream: SyncStream) -> tuple[int, int, datetime | None]:
        """Pending and failed events, and when the oldest of them was recorded."""
        types = _placeholders(stream.event_types)
        rows = self.rows(
            stream.source,
            "SELECT status, COUNT(*), MIN(created_at) FROM messaging_outbox "
            f"WHERE status IN ('pending', 'failed') AND type IN ({types}) GROUP BY status",
            stream.event_types,
        )
        counts = {status: int(count) for status, count, _ in rows}
        oldest = min((_utc(first) for _, _, first in rows if first is not None), default=None)
        return counts.get("pending", 0), counts.get("failed", 0), oldest

    def _newest_per_aggregate(self, stream: SyncStream) -> list[WaitingEvent]:
        types = _placeholders(stream.event_types)
        rows = self.rows(
            stream.source,
            "SELECT o.event_id, o.type, o.aggregate_id, o.sequence, o.created_at "
            f"FROM messaging_outbox o WHERE o.type IN ({types}) AND NOT EXISTS ("
            "SELECT 1 FROM messaging_outbox later WHERE later.aggregate_type = o.aggregate_type "
            "AND later.aggregate_id = o.aggregate_id AND later.sequence > o.sequence "
            f"AND later.type IN ({types}))",
            [*stream.event_types, *stream.event_types],
        )
        return [
            WaitingEvent(uuid.UUID(str(event_id)), type_, str(subject), int(sequence), created)
            for event_id, type_, subject, sequence, created in rows
        ]

    def _in_inbox(self, stream: SyncStream, event_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        wanted = [str(i) for i in event_ids if i not in self._applied]
        found: set[uuid.UUID] = set()
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            rows = self.rows(
                stream.sink,
                "SELECT event_id FROM messaging_inbox "
                f"WHERE consumer = %s AND event_id IN ({_placeholders(chunk)})",
                [stream.consumer, *chunk],
            )
            found |= {uuid.UUID(str(row[0])) for row in rows}
        return found

    def _unlinked(self, stream: SyncStream) -> int:
        if not stream.link_kinds:
            return 0
        rows = self.rows(
            "legacy",
            "SELECT COUNT(*) FROM reverse_sync_legacyidpair "
            f"WHERE linked_dt IS NULL AND kind IN ({_placeholders(stream.link_kinds)})",
            stream.link_kinds,
        )
        return int(rows[0][0])


def read_only(url: str) -> dict[str, Any]:
    """A DATABASES entry for `url` that refuses writes (SQLite: mode=ro; PostgreSQL: a
    read-only default transaction)."""
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["NAME"] = f"file:{config['NAME']}?mode=ro"
        config["OPTIONS"] = {"timeout": 5}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        options = dict(config.get("OPTIONS") or {})
        options["options"] = "-c default_transaction_read_only=on"
        options["connect_timeout"] = 3
        config["OPTIONS"] = options
    return config


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))


def _utc(value: datetime | str) -> datetime:
    if isinstance(value, str):  # SQLite without a declared type
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
