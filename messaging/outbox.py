"""Recording events: the outbox write that commits (or rolls back) with the state change."""

import json
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from . import conf, event_types, metrics, nudge, tracing
from .envelope import now_rfc3339
from .event_types import SchemaViolation
from .models import AggregateSequence, OutboxEvent

_UPSERT_CHUNK = 500


class OutsideTransaction(RuntimeError):
    """An event was recorded outside `transaction.atomic()`: it could commit without its change."""


@dataclass(frozen=True)
class NewEvent:
    """An event to record: its registered type, the aggregate id it is about, and its payload."""

    type: str
    subject: str | int
    data: Mapping[str, Any]


def record_event(
    *, type: str, subject: str | int, data: Mapping[str, Any], using: str = DEFAULT_DB_ALIAS
) -> OutboxEvent:
    """Record one event in the outbox of database `using`, in the caller's transaction.

    Call inside `transaction.atomic()` together with the change the event describes: the event
    is published only if that transaction commits. Raises OutsideTransaction outside one,
    EventTypeError for an unregistered type and SchemaViolation for a payload that does not
    match the type's JSON Schema (naming each offending field).
    """
    return record_events([NewEvent(type=type, subject=subject, data=data)], using=using)[0]


def record_events(
    events: Iterable[NewEvent], *, using: str = DEFAULT_DB_ALIAS
) -> list[OutboxEvent]:
    """Record several events at once (one sequence update per aggregate, one bulk insert).

    Events of the same aggregate get consecutive sequence numbers in the order given.
    """
    events = list(events)
    connection = connections[using]
    if not connection.in_atomic_block:
        raise OutsideTransaction(
            "record_event() must run inside transaction.atomic(), in the same transaction as "
            "the change it describes"
        )
    if not events:
        return []
    payloads = [_as_json(event) for event in events]
    aggregates = [_check(event, data) for event, data in zip(events, payloads, strict=True)]
    counts = Counter(aggregates)
    last = _advance_sequences(connection, counts)
    first = {key: last[key] - count + 1 for key, count in counts.items()}

    source = conf.get("SOURCE")
    created_at = timezone.now()
    time = now_rfc3339()
    rows = []
    for event, data, key in zip(events, payloads, aggregates, strict=True):
        rows.append(
            OutboxEvent(
                event_id=uuid.uuid4(),
                type=event.type,
                source=source,
                aggregate_type=key[0],
                aggregate_id=key[1],
                sequence=first[key],
                time=time,
                traceparent=tracing.child_traceparent(),
                data=data,
                created_at=created_at,
                available_at=created_at,
            )
        )
        first[key] += 1
    OutboxEvent.objects.using(using).bulk_create(rows)
    for row in rows:
        metrics.RECORDED.labels(type=row.type).inc()
    nudge.on_commit(using)
    return rows


def _as_json(event: NewEvent) -> Any:
    """The payload as consumers will see it (validated in that form, stored in that form)."""
    try:
        return json.loads(json.dumps(event.data))
    except (TypeError, ValueError) as exc:
        raise SchemaViolation(
            event.type, [f"payload is not JSON ({exc}); send money and times as strings"]
        ) from None


def _check(event: NewEvent, data: Any) -> tuple[str, str]:
    event_type = event_types.get_event_type(event.type)
    event_type.validate(data)
    subject = str(event.subject)
    if not subject:
        raise ValueError(f"{event.type}: the subject (aggregate id) must not be empty")
    return event_type.aggregate, subject


def _advance_sequences(
    connection: BaseDatabaseWrapper, counts: Mapping[tuple[str, str], int]
) -> dict[tuple[str, str], int]:
    """Add `counts` to each aggregate's counter and return the new last sequence numbers.

    Aggregates are locked in sorted order so two transactions touching the same aggregates
    cannot deadlock on the counters.
    """
    table = connection.ops.quote_name(AggregateSequence._meta.db_table)
    keys = sorted(counts)
    last: dict[tuple[str, str], int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(keys), _UPSERT_CHUNK):
            chunk: Sequence[tuple[str, str]] = keys[start : start + _UPSERT_CHUNK]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params: list[Any] = []
            for key in chunk:
                params.extend([key[0], key[1], counts[key]])
            cursor.execute(
                f"INSERT INTO {table} (aggregate_type, aggregate_id, last_sequence) "
                f"VALUES {values} ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE SET "
                f"last_sequence = {table}.last_sequence + EXCLUDED.last_sequence "
                "RETURNING aggregate_type, aggregate_id, last_sequence",
                params,
            )
            for aggregate_type, aggregate_id, sequence in cursor.fetchall():
                last[(aggregate_type, aggregate_id)] = sequence
    return last
