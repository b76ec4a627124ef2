"""Replaying published events from the outbox, to every consumer or to one queue.

Replayed events keep their id, so a consumer that already applied one skips it (inbox); use
replay to feed a new consumer, rebuild a read model after resetting its inbox, or fill a gap
left by a dead letter that was purged instead of redriven.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet

from . import conf
from .models import OutboxEvent, OutboxStatus
from .publishers import Outgoing, PublishFailed, publisher_for
from .relay import _FIELDS, Claimed


@dataclass(frozen=True)
class ReplaySelection:
    """Which published events to replay; every given criterion must match."""

    types: tuple[str, ...] = ()
    aggregate_type: str | None = None
    aggregate_ids: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None

    def queryset(self, using: str = DEFAULT_DB_ALIAS) -> QuerySet[OutboxEvent]:
        events = OutboxEvent.objects.using(using).filter(status=OutboxStatus.PUBLISHED)
        if self.types:
            events = events.filter(type__in=self.types)
        if self.aggregate_type:
            events = events.filter(aggregate_type=self.aggregate_type)
        if self.aggregate_ids:
            events = events.filter(aggregate_id__in=self.aggregate_ids)
        if self.since:
            events = events.filter(created_at__gte=self.since)
        if self.until:
            events = events.filter(created_at__lt=self.until)
        # Within an aggregate, id order is sequence order (sequences are taken at insert time).
        return events.order_by("id")


def replay(
    selection: ReplaySelection,
    *,
    queue: str | None = None,
    batch_size: int = 500,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Publish the selected events again, in order; returns how many the broker confirmed.

    With `queue`, events go straight to that queue (one consumer); otherwise through the
    events exchange to every consumer bound to their type.
    """
    exchange = "" if queue else conf.get("EXCHANGE")
    publisher = publisher_for()
    sent = 0
    try:
        for chunk in _chunks(selection.queryset(using).values_list(*_FIELDS), batch_size):
            rows = [Claimed(*values) for values in chunk]
            outcome = publisher.publish(
                [
                    Outgoing(
                        body=row.to_event().to_json(),
                        exchange=exchange,
                        routing_key=queue or row.type,
                        message_id=str(row.event_id),
                        type=row.type,
                        headers={"traceparent": row.traceparent} if row.traceparent else {},
                    )
                    for row in rows
                ]
            )
            for row, reason in zip(rows, outcome, strict=True):
                if reason is not None:
                    raise PublishFailed(
                        f"replay stopped at event {row.event_id} after {sent} events: {reason}"
                    )
                sent += 1
    finally:
        publisher.close()
    return sent


def _chunks(rows: Iterable[tuple], size: int) -> Iterable[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
