"""The idempotent inbox: an event takes effect once per consumer, however often it arrives.

The inbox row is inserted *first*, in the same transaction as the handler's writes, with
`INSERT ... ON CONFLICT DO NOTHING`. A duplicate finds the row (or, if the first copy is
still being applied, waits on its unique-index entry until that transaction ends) and is
skipped; a failing handler rolls its inbox row back with everything else. There is no
check-then-insert window in which two copies could both pass the check.
"""

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from . import tracing
from .consumers import Consumer, Handler
from .envelope import Event
from .models import InboxMessage


def apply_once(
    *, consumer: Consumer, event: Event, handler: Handler, using: str = DEFAULT_DB_ALIAS
) -> bool:
    """Run `handler(event)` for `consumer` unless it already ran; True if it ran now."""
    with transaction.atomic(using=using):
        if not insert_first(consumer=consumer, events=[event], using=using):
            return False
        with tracing.use(event.traceparent):
            handler(event)
    return True


def insert_first(
    *, consumer: Consumer, events: list[Event], using: str = DEFAULT_DB_ALIAS
) -> set[str]:
    """Insert the inbox rows of `events` (one statement); returns the ids that were new.

    Call inside the transaction that then applies the new ones: the rows commit with the
    handlers' writes or not at all.
    """
    connection = connections[using]
    table = connection.ops.quote_name(InboxMessage._meta.db_table)
    received_at = InboxMessage._meta.get_field("received_at").get_db_prep_value(
        timezone.now(), connection
    )
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(events))
    params: list[Any] = []
    for event in events:
        params.extend(
            [consumer.name, event.id, event.type, event.subject, event.sequence, received_at]
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (consumer, event_id, type, subject, sequence, received_at) "
            f"VALUES {values} ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id",
            params,
        )
        return {row[0] for row in cursor.fetchall()}
