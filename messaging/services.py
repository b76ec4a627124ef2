"""Operator writes on the outbox: giving failed events another chance."""

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from . import nudge
from .models import OutboxEvent, OutboxStatus


def outbox_retry_failed(*, event_ids: Sequence[str] = (), using: str = DEFAULT_DB_ALIAS) -> int:
    """Put failed events (all, or those in `event_ids`) back in the queue; returns how many."""
    with transaction.atomic(using=using):
        failed = OutboxEvent.objects.using(using).filter(status=OutboxStatus.FAILED)
        if event_ids:
            failed = failed.filter(event_id__in=event_ids)
        count = failed.update(
            status=OutboxStatus.PENDING, attempts=0, available_at=timezone.now(), last_error=""
        )
        if count:
            nudge.on_commit(using)
    return count
