"""Reads for operators: the outbox backlog, its oldest event and the failures."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Min
from django.utils import timezone

from .models import OutboxEvent, OutboxStatus


@dataclass(frozen=True)
class Failure:
    event_id: str
    type: str
    subject: str
    sequence: int
    attempts: int
    error: str
    status: str


@dataclass(frozen=True)
class OutboxReport:
    pending: int
    failed: int
    published: int
    retrying: int
    oldest_pending_at: datetime | None
    oldest_pending_age_s: float
    pending_by_type: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)


def outbox_status(*, using: str = DEFAULT_DB_ALIAS, failures_limit: int = 20) -> OutboxReport:
    """Backlog counts, the age of the oldest pending event and the latest failures."""
    events = OutboxEvent.objects.using(using)
    counts = dict(events.values_list("status").annotate(n=Count("id")))
    pending = events.filter(status=OutboxStatus.PENDING)
    oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
    problems = events.filter(status=OutboxStatus.FAILED) | pending.filter(attempts__gt=0)
    return OutboxReport(
        pending=counts.get(OutboxStatus.PENDING, 0),
        failed=counts.get(OutboxStatus.FAILED, 0),
        published=counts.get(OutboxStatus.PUBLISHED, 0),
        retrying=pending.filter(attempts__gt=0).count(),
        oldest_pending_at=oldest,
        oldest_pending_age_s=max((timezone.now() - oldest).total_seconds(), 0.0) if oldest else 0.0,
        pending_by_type=dict(
            pending.values_list("type").annotate(n=Count("id")).order_by("-n", "type")
        ),
        failures=[
            Failure(
                str(e.event_id),
                e.type,
                e.aggregate_id,
                e.sequence,
                e.attempts,
                e.last_error,
                e.status,
            )
            for e in problems.order_by("-id")[:failures_limit]
        ],
    )
