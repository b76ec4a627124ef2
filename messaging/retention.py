"""Retention: deleting published outbox rows and old inbox rows after a grace period."""

from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model
from django.utils import timezone

from .models import InboxMessage, OutboxEvent, OutboxStatus

_CHUNK = 5000


def purge_published(*, older_than: timedelta, using: str = DEFAULT_DB_ALIAS) -> int:
    """Delete events published more than `older_than` ago; pending and failed rows stay."""
    cutoff = timezone.now() - older_than
    rows = OutboxEvent.objects.using(using).filter(
        status=OutboxStatus.PUBLISHED, published_at__lt=cutoff
    )
    return _delete_in_chunks(OutboxEvent, rows.values_list("pk", flat=True), using)


def purge_inbox(*, older_than: timedelta, using: str = DEFAULT_DB_ALIAS) -> int:
    """Forget inbox rows older than `older_than`.

    A copy of an event arriving after its inbox row is gone would be applied again, so keep
    this longer than any redelivery, redrive or replay you expect to run.
    """
    cutoff = timezone.now() - older_than
    rows = InboxMessage.objects.using(using).filter(received_at__lt=cutoff)
    return _delete_in_chunks(InboxMessage, rows.values_list("pk", flat=True), using)


def _delete_in_chunks(model: type[Model], pks, using: str) -> int:
    # Short deletes keep locks and WAL bursts small on a busy table.
    deleted = 0
    while True:
        chunk = list(pks[:_CHUNK])
        if not chunk:
            return deleted
        count, _ = model._default_manager.using(using).filter(pk__in=chunk).delete()
        deleted += count
