"""Prometheus metrics: outbox backlog and age, relay publish rate and failures, consumer lag."""

from collections.abc import Iterator

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)

RECORDED = Counter("messaging_outbox_recorded", "Events written to the outbox.", ["type"])
PUBLISHED = Counter(
    "messaging_relay_published", "Events the broker confirmed to the relay.", ["type"]
)
PUBLISH_FAILURES = Counter(
    "messaging_relay_publish_failures",
    "Publish attempts that failed (nack, timeout, broker unreachable, unsendable).",
    ["reason"],
)
RELAY_LAG = Histogram(
    "messaging_relay_lag_seconds",
    "Time from recording an event to the broker confirming it.",
    buckets=LATENCY_BUCKETS,
)
CONSUMED = Counter(
    "messaging_consumer_messages",
    "Messages a consumer finished with, by outcome (applied, duplicate, ignored, dead_lettered).",
    ["consumer", "outcome"],
)
HANDLER_FAILURES = Counter(
    "messaging_consumer_handler_failures", "Handler attempts that raised.", ["consumer", "type"]
)
CONSUMER_LAG = Histogram(
    "messaging_consumer_lag_seconds",
    "Time from an event's recording to a consumer applying it.",
    ["consumer"],
    buckets=LATENCY_BUCKETS,
)


class OutboxCollector(Collector):
    """Backlog, oldest pending age and failed count, read from the outbox at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from .models import OutboxEvent, OutboxStatus

        by_status = dict(
            OutboxEvent.objects.exclude(status=OutboxStatus.PUBLISHED)
            .values_list("status")
            .annotate(n=Count("id"))
        )
        oldest = OutboxEvent.objects.filter(status=OutboxStatus.PENDING).aggregate(
            oldest=Min("created_at")
        )["oldest"]
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "messaging_outbox_backlog",
            "Events recorded but not yet confirmed by the broker.",
            value=by_status.get(OutboxStatus.PENDING, 0),
        )
        yield GaugeMetricFamily(
            "messaging_outbox_oldest_pending_age_seconds",
            "Age of the oldest event waiting to be published (0 when none).",
            value=max(age, 0.0),
        )
        yield GaugeMetricFamily(
            "messaging_outbox_failed",
            "Events the relay gave up on; they block later events of their aggregate.",
            value=by_status.get(OutboxStatus.FAILED, 0),
        )


def exposition() -> bytes:
    """This process's counters plus the outbox gauges, in the Prometheus text format."""
    outbox = CollectorRegistry(auto_describe=False)
    outbox.register(OutboxCollector())
    return generate_latest(REGISTRY) + generate_latest(outbox)
