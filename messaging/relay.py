"""The relay: claims outbox rows, publishes them with confirms, marks them published.

Several relays may run at once (Celery workers on several hosts). Correctness rests on three
rules, all enforced in `Relay.run_once()`:

1. Claim with `SELECT ... FOR UPDATE SKIP LOCKED` over *all* pending rows in id order, never
   with an id cursor: a row that commits late, with a lower id, is still found next time.
   Rows stuck behind a failed or backing-off event of their aggregate are left out, so they
   cannot fill every batch and stall the other aggregates.
2. Publish only an aggregate's head: a claimed row is sent only if every lower sequence of its
   aggregate is either already published or claimed by this relay and sent before it. A row
   locked by another relay still reads as unpublished, so the other relay's aggregates are
   left alone until its commit makes their heads visible. Sequence numbers follow commit
   order per aggregate (see `outbox.py`), so "lowest unpublished" is well defined.
3. Publish in waves: wave k holds the k-th ready event of every aggregate in the batch, and
   wave k+1 starts only after all of wave k is confirmed. Event n+1 of an aggregate is never
   sent before n is confirmed, yet a wave of hundreds of aggregates costs one round trip.

Rows are marked published in the claiming transaction, after their confirms; if the relay
dies first, the locks vanish with its connection and the rows are sent again (consumers
deduplicate by event id). Databases without SKIP LOCKED (SQLite) take the database write
lock instead, so relays there run one at a time.
"""

import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from . import conf, metrics, tracing
from .envelope import Event
from .logs import get_logger
from .models import UNPUBLISHED, OutboxEvent, OutboxStatus
from .publishers import Outgoing, Publisher, PublishFailed, publisher_for

log = get_logger("messaging.relay")

_FIELDS = (
    "id",
    "event_id",
    "type",
    "source",
    "aggregate_type",
    "aggregate_id",
    "sequence",
    "time",
    "traceparent",
    "data",
    "created_at",
    "attempts",
)


class Claimed(NamedTuple):
    id: int
    event_id: Any
    type: str
    source: str
    aggregate_type: str
    aggregate_id: str
    sequence: int
    time: str
    traceparent: str
    data: Any
    created_at: datetime
    attempts: int

    @property
    def aggregate(self) -> tuple[str, str]:
        return self.aggregate_type, self.aggregate_id

    def to_event(self) -> Event:
        return Event(
            id=str(self.event_id),
            type=self.type,
            source=self.source,
            subject=self.aggregate_id,
            sequence=self.sequence,
            time=self.time,
            data=self.data,
            traceparent=self.traceparent,
        )


@dataclass
class RelayResult:
    """What one relay run did. `blocked` rows wait for an earlier event of their aggregate."""

    claimed: int = 0
    published: int = 0
    retrying: int = 0
    failed: int = 0
    blocked: int = 0
    broker_error: str = ""
    skipped: bool = False

    def add(self, other: "RelayResult") -> None:
        for name in ("claimed", "published", "retrying", "failed", "blocked"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.broker_error = other.broker_error or self.broker_error

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Batch:
    published: list[Claimed] = field(default_factory=list)
    retry: list[tuple[Claimed, str]] = field(default_factory=list)
    failed: list[tuple[Claimed, str]] = field(default_factory=list)


class Relay:
    """Moves events from the outbox of database `using` to the broker through `publisher`."""

    def __init__(
        self,
        publisher: Publisher,
        *,
        using: str = DEFAULT_DB_ALIAS,
        batch_size: int | None = None,
    ):
        self.publisher = publisher
        self.using = using
        self.batch_size = batch_size or conf.get("RELAY_BATCH_SIZE")
        self._broker_failures = 0
        self._broker_retry_at = 0.0
        # Everything committed before this wall-clock time has been claimed by a complete pass.
        self._covered_until = 0.0
        self._lock = threading.Lock()

    # -- public API ---------------------------------------------------------------------------

    def drain(
        self, time_budget: float | None = None, *, nudged_at: float | None = None
    ) -> RelayResult:
        """Run batches while they come back full (a backlog) and `time_budget` lasts.

        A batch that was not full took everything pending when it was claimed; events
        committed since then bring their own nudge, so there is no need to poll for them.
        For the same reason a nudge sent (`nudged_at`, epoch seconds) before such a claim
        began is already covered and returns at once, without touching the database: under
        a high commit rate most nudges are. (Clocks that disagree between hosts can only make
        an event wait for the next beat sweep, never lose it.)

        While the broker is unreachable, calls return at once until the back-off expires.
        """
        total = RelayResult()
        if nudged_at is not None and nudged_at < self._covered_until:
            total.skipped = True
            return total
        if time.monotonic() < self._broker_retry_at:
            total.broker_error = "waiting to retry the broker"
            return total
        if not self._lock.acquire(blocking=False):
            return total  # another thread of this process is draining already
        try:
            budget = conf.get("RELAY_TIME_BUDGET") if time_budget is None else time_budget
            deadline = time.monotonic() + budget
            while True:
                started = time.time()
                result = self.run_once()
                total.add(result)
                # Rows held back behind another relay's in-flight event still need a nudge.
                complete = result.claimed < self.batch_size and not result.blocked
                if complete and not result.broker_error:
                    self._covered_until = started
                backlog = result.claimed >= self.batch_size and result.published
                if result.broker_error or not backlog or time.monotonic() >= deadline:
                    break
        finally:
            self._lock.release()
        return total

    def run_once(self) -> RelayResult:
        """Claim one batch, publish what is in order, record the outcome; one transaction."""
        result = RelayResult()
        with transaction.atomic(using=self.using):
            rows = self._claim()
            result.claimed = len(rows)
            if not rows:
                return result
            ready, result.blocked = self._in_order(rows)
            batch = _Batch()
            try:
                self._publish_waves(ready, batch)
            except PublishFailed as exc:
                result.broker_error = str(exc)
            self._record(batch)
        result.published = len(batch.published)
        result.retrying = len(batch.retry)
        result.failed = len(batch.failed)
        self._note_broker(result)
        return result

    # -- claiming -----------------------------------------------------------------------------

    def _claim(self) -> list[tuple[Claimed, int]]:
        """Lock up to a batch of pending rows, each with its aggregate's lowest unpublished sequence.

        The head is read in the claim's own snapshot: a row another relay is publishing still
        counts as unpublished there, which can only hold rows back, never let one overtake.
        """
        now = timezone.now()
        events = OutboxEvent.objects.using(self.using)
        same_aggregate = {
            "aggregate_type": OuterRef("aggregate_type"),
            "aggregate_id": OuterRef("aggregate_id"),
        }
        # Rows stuck behind a failed or backing-off event of their aggregate cannot go; left in
        # the claim they could fill every batch and stall the whole outbox behind one aggregate.
        # (Only retried rows can be backing off; the condition matches a small partial index.)
        stuck_before = events.filter(
            Q(status=OutboxStatus.FAILED)
            | Q(status=OutboxStatus.PENDING, attempts__gt=0, available_at__gt=now),
            sequence__lt=OuterRef("sequence"),
            **same_aggregate,
        )
        head = (
            events.filter(status__in=UNPUBLISHED, **same_aggregate)
            .order_by("sequence")
            .values("sequence")[:1]
        )
        pending = (
            events.filter(status=OutboxStatus.PENDING, available_at__lte=now)
            .filter(~Exists(stuck_before))
            .annotate(head=Subquery(head))
        )
        if connections[self.using].features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        else:
            # No row locks (SQLite): take the database write lock before reading, which makes
            # concurrent relays wait for each other instead of publishing the same rows.
            events.filter(pk=0).update(attempts=0)
        rows = pending.order_by("id").values_list(*_FIELDS, "head")[: self.batch_size]
        return [(Claimed(*row[:-1]), row[-1]) for row in rows]

    def _in_order(self, rows: list[tuple[Claimed, int]]) -> tuple[list[list[Claimed]], int]:
        """Per aggregate, the claimed rows that continue its published history without a gap."""
        by_aggregate: dict[tuple[str, str], list[Claimed]] = defaultdict(list)
        heads: dict[tuple[str, str], int] = {}
        for row, head in rows:
            by_aggregate[row.aggregate].append(row)
            heads[row.aggregate] = head
        ready: list[list[Claimed]] = []
        blocked = 0
        for key, claimed in by_aggregate.items():
            claimed.sort(key=lambda row: row.sequence)
            run: list[Claimed] = []
            expected = heads[key]
            for row in claimed:
                if row.sequence != expected:
                    break
                run.append(row)
                expected += 1
            blocked += len(claimed) - len(run)
            if run:
                ready.append(run)
        return ready, blocked

    # -- publishing ---------------------------------------------------------------------------

    def _publish_waves(self, ready: list[list[Claimed]], batch: _Batch) -> None:
        exchange = conf.get("EXCHANGE")
        limit = conf.get("MAX_MESSAGE_BYTES")
        streams = [iter(run) for run in ready]
        while streams:
            wave: list[Claimed] = []
            messages: list[Outgoing] = []
            still_open = []
            for stream in streams:
                row = next(stream, None)
                if row is None:
                    continue
                body = row.to_event().to_json()
                if len(body) > limit:
                    # Can never be sent; its aggregate stops here until an operator acts.
                    batch.failed.append(
                        (row, f"envelope is {len(body)} bytes, over the {limit}-byte limit")
                    )
                    continue
                wave.append(row)
                messages.append(
                    Outgoing(
                        body=body,
                        exchange=exchange,
                        routing_key=row.type,
                        message_id=str(row.event_id),
                        type=row.type,
                        headers={"traceparent": row.traceparent} if row.traceparent else {},
                    )
                )
                still_open.append(stream)
            if not wave:
                break
            try:
                outcome = self.publisher.publish(messages)
            except PublishFailed as exc:
                batch.published.extend(wave[i] for i in sorted(exc.confirmed))
                raise
            streams = []
            for row, reason, stream in zip(wave, outcome, still_open, strict=True):
                if reason is None:
                    batch.published.append(row)
                    streams.append(stream)
                else:
                    batch.retry.append((row, reason))  # and its aggregate waits for it

    # -- recording ----------------------------------------------------------------------------

    def _record(self, batch: _Batch) -> None:
        now = timezone.now()
        events = OutboxEvent.objects.using(self.using)
        if batch.published:
            events.filter(pk__in=[row.id for row in batch.published]).update(
                status=OutboxStatus.PUBLISHED, published_at=now, last_error=""
            )
            for row in batch.published:
                metrics.PUBLISHED.labels(type=row.type).inc()
                metrics.RELAY_LAG.observe(max((now - row.created_at).total_seconds(), 0.0))
            log.info(
                "published",
                count=len(batch.published),
                first_event_id=str(batch.published[0].event_id),
                last_event_id=str(batch.published[-1].event_id),
            )
        max_attempts = conf.get("RELAY_MAX_ATTEMPTS")
        retry = []
        for row, reason in batch.retry:
            if row.attempts + 1 >= max_attempts:
                batch.failed.append((row, f"gave up after {row.attempts + 1} attempts: {reason}"))
            else:
                retry.append((row, reason))
        batch.retry = retry
        for row, reason in batch.retry:
            attempts = row.attempts + 1
            delay = min(
                conf.get("RELAY_BACKOFF_BASE") * 2 ** (attempts - 1), conf.get("RELAY_BACKOFF_MAX")
            )
            events.filter(pk=row.id).update(
                attempts=attempts, available_at=now + timedelta(seconds=delay), last_error=reason
            )
            metrics.PUBLISH_FAILURES.labels(reason="nack").inc()
            _log_row("retrying", row, reason=reason, attempts=attempts, retry_in_s=delay)
        for row, reason in batch.failed:
            events.filter(pk=row.id).update(
                status=OutboxStatus.FAILED, attempts=row.attempts + 1, last_error=reason
            )
            metrics.PUBLISH_FAILURES.labels(reason="unsendable").inc()
            _log_row("failed", row, reason=reason)

    def _note_broker(self, result: RelayResult) -> None:
        if not result.broker_error:
            self._broker_failures = 0
            self._broker_retry_at = 0.0
            return
        self._broker_failures += 1
        delay = min(0.25 * 2 ** (self._broker_failures - 1), conf.get("RELAY_BROKER_BACKOFF_MAX"))
        self._broker_retry_at = time.monotonic() + delay
        metrics.PUBLISH_FAILURES.labels(reason="broker").inc()
        log.warning("broker unavailable", error=result.broker_error, retry_in_s=delay)


def _log_row(message: str, row: Claimed, **fields: Any) -> None:
    log.warning(
        message,
        event_id=str(row.event_id),
        trace_id=tracing.trace_id(row.traceparent),
        type=row.type,
        subject=row.aggregate_id,
        sequence=row.sequence,
        **fields,
    )


_relays: dict[tuple[str, str], Relay] = {}
_relays_lock = threading.Lock()


def default_relay(using: str = DEFAULT_DB_ALIAS) -> Relay:
    """This process's relay for `using`, publishing to `MESSAGING["BROKER_URL"]`."""
    key = (using, conf.get("BROKER_URL"))
    with _relays_lock:
        relay = _relays.get(key)
        if relay is None:
            relay = _relays[key] = Relay(publisher_for(key[1]), using=using)
        return relay
