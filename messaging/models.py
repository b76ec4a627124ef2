"""Tables: the outbox, the per-aggregate sequence counters and the consumers' inbox."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "pending"
    PUBLISHED = "published", "published"
    FAILED = "failed", "failed"


UNPUBLISHED = [OutboxStatus.FAILED.value, OutboxStatus.PENDING.value]


class OutboxEvent(models.Model):
    """One CloudEvent, written in the transaction that made the change it describes.

    The relay publishes pending rows in per-aggregate `sequence` order and marks them
    published only after the broker confirmed them.
    """

    event_id = models.UUIDField(unique=True)
    type = models.CharField(max_length=200)
    source = models.CharField(max_length=200)
    aggregate_type = models.CharField(max_length=150)
    aggregate_id = models.CharField(max_length=150)
    sequence = models.PositiveBigIntegerField()
    time = models.CharField(max_length=40, help_text="RFC 3339 UTC time the event was recorded.")
    traceparent = models.CharField(max_length=55)
    data = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    available_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        db_table = "messaging_outbox"
        constraints = [
            models.UniqueConstraint(
                fields=["aggregate_type", "aggregate_id", "sequence"],
                name="messaging_outbox_aggregate_sequence",
            ),
        ]
        indexes = [
            # The relay's claim scans pending rows in id order; this index holds only those.
            models.Index(
                fields=["id"], condition=Q(status="pending"), name="messaging_outbox_pending"
            ),
            # Head-of-aggregate checks look only at rows not yet published.
            models.Index(
                fields=["aggregate_type", "aggregate_id", "sequence"],
                condition=Q(status__in=UNPUBLISHED),
                name="messaging_outbox_unpublished",
            ),
            # Failed and retried rows, which hold back later events of their aggregate.
            models.Index(
                fields=["aggregate_type", "aggregate_id", "sequence"],
                condition=Q(status="failed") | Q(status="pending", attempts__gt=0),
                name="messaging_outbox_stuck",
            ),
            models.Index(fields=["published_at"], name="messaging_outbox_published_at"),
            models.Index(fields=["type", "created_at"], name="messaging_outbox_type_created"),
            models.Index(fields=["created_at"], name="messaging_outbox_created"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.aggregate_type}:{self.aggregate_id}#{self.sequence}"


class AggregateSequence(models.Model):
    """The last sequence number given to an aggregate's events.

    Incrementing it row-locks the aggregate until commit, so an aggregate's sequence numbers
    follow commit order and have no gaps (a rolled-back increment is undone with the rest).
    """

    aggregate_type = models.CharField(max_length=150)
    aggregate_id = models.CharField(max_length=150)
    last_sequence = models.PositiveBigIntegerField(default=0)

    class Meta:
        db_table = "messaging_aggregate_sequence"
        constraints = [
            models.UniqueConstraint(
                fields=["aggregate_type", "aggregate_id"], name="messaging_aggregate_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aggregate_type}:{self.aggregate_id} at {self.last_sequence}"


class InboxMessage(models.Model):
    """An event a consumer has applied. Inserted first, in the handler's own transaction."""

    consumer = models.CharField(max_length=150)
    event_id = models.CharField(max_length=100)
    type = models.CharField(max_length=200)
    subject = models.CharField(max_length=150)
    sequence = models.PositiveBigIntegerField(null=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "messaging_inbox"
        constraints = [
            models.UniqueConstraint(fields=["consumer", "event_id"], name="messaging_inbox_once"),
        ]
        indexes = [models.Index(fields=["received_at"], name="messaging_inbox_received")]

    def __str__(self) -> str:
        return f"{self.consumer} applied {self.type} {self.event_id}"
