"""The drain hook against outbox and inbox tables: it returns when, and only when, sync is done."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from strangler_proxy.control_plane.features import drain as drain_module
from strangler_proxy.control_plane.features.drain import SyncNotDrained, drain, sync_backlog

PRODUCT_CHANGED = "legacy.catalogue.product.changed.v1"
# The columns the drain reads, as the messaging and reverse_sync migrations make them on SQLite.
OUTBOX = """CREATE TABLE messaging_outbox (
    id integer PRIMARY KEY AUTOINCREMENT, event_id char(32) NOT NULL UNIQUE,
    type varchar(200) NOT NULL, aggregate_type varchar(150) NOT NULL,
    aggregate_id varchar(150) NOT NULL, sequence bigint NOT NULL, created_at datetime NOT NULL,
    status varchar(10) NOT NULL, published_at datetime NULL)"""
INBOX = """CREATE TABLE messaging_inbox (
    id integer PRIMARY KEY AUTOINCREMENT, consumer varchar(150) NOT NULL,
    event_id varchar(100) NOT NULL, type varchar(200) NOT NULL, subject varchar(150) NOT NULL,
    sequence bigint NULL, received_at datetime NOT NULL, UNIQUE (consumer, event_id))"""
PAIRS = """CREATE TABLE reverse_sync_legacyidpair (
    id integer PRIMARY KEY AUTOINCREMENT, kind varchar(16) NOT NULL, uuid char(32) NOT NULL,
    legacy_id integer NOT NULL, created_dt datetime NOT NULL, linked_dt datetime NULL)"""


class Project:
    """One project's database file: its outbox, its inbox (and the legacy id pairs)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._db() as db:
            db.execute(OUTBOX)
            db.execute(INBOX)
            db.execute(PAIRS)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def _db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, isolation_level=None)

    def record(
        self, type_: str, subject: str, sequence: int, *, status: str = "published", age: float = 0
    ) -> uuid.UUID:
        event_id = uuid.uuid4()
        created = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=age)
        with self._db() as db:
            db.execute(
                "INSERT INTO messaging_outbox (event_id, type, aggregate_type, aggregate_id, "
                "sequence, created_at, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (event_id.hex, type_, type_.rsplit(".", 2)[0], subject, sequence, created, status),
            )
        return event_id

    def publish(self, event_id: uuid.UUID) -> None:
        with self._db() as db:
            db.execute(
                "UPDATE messaging_outbox SET status = 'published' WHERE event_id = ?",
                (event_id.hex,),
            )

    def apply(self, consumer: str, event_id: uuid.UUID) -> None:
        with self._db() as db:
            db.execute(
                "INSERT INTO messaging_inbox (consumer, event_id, type, subject, received_at) "
                "VALUES (?, ?, 't', 's', ?)",
                (consumer, str(event_id), datetime.now(UTC).replace(tzinfo=None)),
            )

    def pair(self, kind: str, *, linked: bool) -> int:
        with self._db() as db:
            cursor = db.execute(
                "INSERT INTO reverse_sync_legacyidpair (kind, uuid, legacy_id, created_dt, "
                "linked_dt) VALUES (?, ?, 7, ?, ?)",
                (kind, uuid.uuid4().hex, datetime.now(), datetime.now() if linked else None),
            )
            return int(cursor.lastrowid or 0)

    def link(self, pair_id: int) -> None:
        with self._db() as db:
            db.execute(
                "UPDATE reverse_sync_legacyidpair SET linked_dt = ? WHERE id = ?",
                (datetime.now(), pair_id),
            )


@pytest.fixture
def shop(tmp_path: Path, settings, django_db_blocker) -> Iterator[dict[str, Project]]:
    projects = {name: Project(tmp_path / f"{name}.sqlite3") for name in ("legacy", "products")}
    settings.STRANGLER_CONTROL = {
        **settings.STRANGLER_CONTROL,
        "SYNC_DATABASES": {name: project.url for name, project in projects.items()},
    }
    # The drain opens its own connections to these files, not the control plane's database.
    with django_db_blocker.unblock():
        yield projects


def run_drain(feature: str, direction: str, timeout: float) -> float:
    started = time.monotonic()
    asyncio.run(drain(feature, direction, timeout))
    return time.monotonic() - started


def later(seconds: float, *actions) -> threading.Thread:
    def run() -> None:
        time.sleep(seconds)
        for action in actions:
            action()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_returns_at_once_when_the_newest_event_of_every_row_is_applied(shop) -> None:
    legacy, products = shop["legacy"], shop["products"]
    first = legacy.record(PRODUCT_CHANGED, "12", 1)
    newest = legacy.record(PRODUCT_CHANGED, "12", 2)
    other = legacy.record("legacy.catalogue.category.changed.v1", "3", 1)
    # Another feature's events are not this drain's business.
    legacy.record("legacy.orders.order.changed.v1", "40", 1, status="pending")
    products.apply("products-legacy-sync", newest)
    products.apply("products-legacy-sync", other)

    assert run_drain("products", "forward", 2.0) < 0.5
    backlog = sync_backlog(feature="products", direction="forward")
    assert backlog.drained and backlog.checked == 2
    # An older event of a row whose newest event was applied is not waited for: each event
    # carries the whole row and a consumer applies a row's events in order.
    assert first not in {e.event_id for e in backlog.unapplied}


def test_waits_for_the_relay_then_the_consumer(shop) -> None:
    legacy, products = shop["legacy"], shop["products"]
    event = legacy.record(PRODUCT_CHANGED, "12", 1, status="pending")
    backlog = sync_backlog(feature="products", direction="forward")
    assert (backlog.pending, backlog.drained) == (1, False)
    assert "1 event(s) in the legacy outbox not yet published" in backlog.describe()

    worker = later(
        0.3,
        lambda: legacy.publish(event),
        lambda: time.sleep(0.3),
        lambda: products.apply("products-legacy-sync", event),
    )
    took = run_drain("products", "forward", 5.0)
    worker.join()

    assert 0.55 < took < 2.0
    assert sync_backlog(feature="products", direction="forward").drained


def test_gives_up_in_time_naming_the_events_not_applied(shop, caplog) -> None:
    legacy = shop["legacy"]
    event = legacy.record(PRODUCT_CHANGED, "12", 4, age=3)
    caplog.set_level("INFO", logger="strangler.control.drain")

    started = time.monotonic()
    with pytest.raises(SyncNotDrained) as caught:
        asyncio.run(drain("products", "forward", 1.5))

    assert time.monotonic() - started < 1.5, "finishes before the switch's own limit"
    message = str(caught.value)
    assert "forward sync of products did not drain within" in message
    oldest = re.search(
        r"1 event\(s\) not yet applied by products-legacy-sync, oldest (\S+)s", message
    )
    assert oldest and 3 + 1.0 < float(oldest.group(1)) < 3 + 2.0, message
    assert f"{PRODUCT_CHANGED} 12 #4 ({event})" in message
    assert "messaging_dlq list products-legacy-sync" in message
    assert "draining products (forward): 1 event(s) not yet applied" in caplog.text


def test_an_event_the_relay_gave_up_on_blocks_the_switch_with_a_hint(shop) -> None:
    shop["legacy"].record(PRODUCT_CHANGED, "12", 1, status="failed")
    with pytest.raises(SyncNotDrained, match=r"1 event.* the legacy relay gave up on .*retry"):
        asyncio.run(drain("products", "forward", 0.6))


def test_reverse_waits_for_the_services_events_and_the_legacy_ids_it_must_learn(shop) -> None:
    legacy, products = shop["legacy"], shop["products"]
    stock = products.record("products.product.stock_changed.v1", "a1b2", 3)
    # Reservations are not synced to the legacy shop: never waited for.
    products.record("products.reservation.created.v1", "r1", 1)
    legacy.pair("product", linked=True)
    unlinked = legacy.pair("product", linked=False)
    legacy.pair("order", linked=False)  # another feature's row

    backlog = sync_backlog(feature="products", direction="reverse")
    assert (len(backlog.unapplied), backlog.unlinked) == (1, 1)
    assert "not yet acknowledged by it" in backlog.describe()

    worker = later(
        0.2,
        lambda: legacy.apply("legacy-reverse-sync", stock),
        lambda: time.sleep(0.3),
        lambda: legacy.link(unlinked),
    )
    took = run_drain("products", "reverse", 5.0)
    worker.join()
    assert took > 0.45


def test_a_database_that_cannot_be_read_is_named(shop, settings, tmp_path) -> None:
    settings.STRANGLER_CONTROL = {
        **settings.STRANGLER_CONTROL,
        "SYNC_DATABASES": {"legacy": f"sqlite:///{tmp_path / 'missing.sqlite3'}"},
    }
    with pytest.raises(SyncNotDrained, match="cannot read the legacy or products database"):
        asyncio.run(drain("products", "forward", 0.6))
    settings.STRANGLER_CONTROL = {
        **settings.STRANGLER_CONTROL,
        "SYNC_DATABASES": {"products": shop["products"].url},
    }
    with pytest.raises(SyncNotDrained, match="set LEGACY_DATABASE_URL for the control plane"):
        asyncio.run(drain("products", "forward", 0.6))


def test_unknown_feature_lists_the_known_ones(shop) -> None:
    with pytest.raises(SyncNotDrained, match="features with sync: orders, products, users"):
        asyncio.run(drain("billing", "forward", 1.0))


@pytest.mark.slow
def test_every_stream_waits_for_types_its_consumer_really_handles() -> None:
    """The streams against the registries each project fills at start-up: a type the consumer
    does not handle would never reach its inbox, and the switch would wait for it forever."""
    from contracts.catalogue import registries_read
    from contracts.config import load_config

    registries = registries_read(load_config())

    for (feature, direction), stream in drain_module.STREAMS.items():
        handled = registries.consumers[stream.consumer]
        assert set(stream.event_types) <= handled, (feature, direction)
        owners = {registries.event_types[t] for t in stream.event_types}
        assert owners == {"legacy_monolith" if stream.source == "legacy" else stream.source}


@pytest.mark.django_db(transaction=True)
def test_the_switch_holds_writes_at_least_as_long_as_the_monolith_keeps_its_stages(
    api, products, settings
) -> None:
    """The monolith's ports re-read the stages on every call only once they have seen a hold,
    and keep a copy for half a second otherwise: a shorter hold could flip unseen."""
    from strangler_proxy.control_plane.features import write_switch
    from strangler_proxy.control_plane.features.models import AuditEntry, Feature
    from strangler_proxy.stages import Stage, StageTarget

    from .conftest import move
    from .test_write_switch import _fake_worker

    settings.STRANGLER_CONTROL = {**settings.STRANGLER_CONTROL, "MIN_HOLD_SECONDS": 0.8}
    move(api, "products", "shadow")
    move(api, "products", "canary", 50)
    stop, versions = threading.Event(), []
    worker = threading.Thread(target=_fake_worker, args=(stop, versions))
    worker.start()
    drained_at: list[float] = []

    async def instant_drain(feature: str, direction: str, timeout: float) -> None:
        drained_at.append(time.monotonic())

    try:
        entry = write_switch.switch_write_owner(
            feature=Feature.objects.get(name="products"),
            target=StageTarget(Stage.WRITES_NEW, 100),
            reason="products service owns writes",
            actor="operator",
            forced=False,
            kind=AuditEntry.Kind.STAGE,
            drain=instant_drain,
        )
    finally:
        stop.set()
        worker.join()

    assert time.monotonic() - drained_at[0] > 0.3, "held on after sync had drained"
    assert entry.write_pause_ms is not None and 800 <= entry.write_pause_ms < 3000
    assert Feature.objects.get(name="products").stage == "writes-new"
