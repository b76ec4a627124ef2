"""The consumer runner: takes a consumer's messages in order and applies each exactly once.

Per-aggregate order comes from the queue's *single active consumer*: every running copy of a
consumer is connected, one receives, the others stand by and take over if it goes away.
(Hash-partitioning by aggregate would spread the load but needs a broker plugin and makes
rebalancing reorder in-flight events; one active consumer per queue is simpler to reason
about and fast enough for a sync feed. Scale out by splitting consumers instead.)

A failing handler is retried in place with exponential back-off, holding the message so that
later events of the same aggregate cannot overtake it. After `DELIVERY_LIMIT` attempts
(counting earlier deliveries the broker reports) the message is copied to the consumer's
dead-letter queue with the error and acknowledged. The broker's own delivery limit catches a
message that crashes the whole process each time.
"""

import time
from datetime import UTC, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from kombu import Connection
from kombu.message import Message
from kombu.mixins import ConsumerMixin

from . import broker, conf, inbox, metrics, tracing
from .consumers import Consumer
from .dlq import dead_letter
from .envelope import EnvelopeError, Event, parse
from .logs import get_logger
from .publishers import Publisher, publisher_for
from .topology import consumer_queue, declare

log = get_logger("messaging.consumer")

INFRASTRUCTURE_ERRORS = (OperationalError, InterfaceError)


class ConsumerRunner(ConsumerMixin):
    """Runs `consumer` until stopped (`should_stop = True`), reconnecting after broker loss."""

    def __init__(
        self,
        consumer: Consumer,
        *,
        connection: Connection | None = None,
        using: str = DEFAULT_DB_ALIAS,
        stop_when_idle: float | None = None,
    ):
        self.consumer = consumer
        self.connection = connection or broker.connection()
        self.using = using
        self.stop_when_idle = stop_when_idle
        self.should_stop = False
        self.counts: dict[str, int] = {}
        self._last_activity = time.monotonic()
        self._publisher: Publisher | None = None

    # -- kombu ConsumerMixin hooks ------------------------------------------------------------

    def get_consumers(self, Consumer: Any, channel: Any) -> list[Any]:
        declare(self.connection, [self.consumer])
        channel.basic_qos(0, conf.get("CONSUMER_PREFETCH"), False)
        return [
            Consumer(
                queues=[consumer_queue(self.consumer)],
                on_message=self.on_message,
                auto_declare=False,
            )
        ]

    def on_consume_ready(
        self, connection: Any, channel: Any, consumers: Any, **kwargs: Any
    ) -> None:
        log.info("consuming", consumer=self.consumer.name, queue=self.consumer.queue)

    def on_iteration(self) -> None:
        idle = time.monotonic() - self._last_activity
        if self.stop_when_idle is not None and idle >= self.stop_when_idle:
            self.should_stop = True

    def run(self, _tokens: int = 1, **kwargs: Any) -> None:  # type: ignore[override]
        kwargs.setdefault("safety_interval", 0.2)
        try:
            super().run(_tokens, **kwargs)
        finally:
            if self._publisher is not None:
                self._publisher.close()
            self.connection.release()

    # -- one message --------------------------------------------------------------------------

    def on_message(self, message: Message) -> None:
        self._last_activity = time.monotonic()
        outcome = self.handle(message)
        if outcome:
            self.counts[outcome] = self.counts.get(outcome, 0) + 1
            metrics.CONSUMED.labels(consumer=self.consumer.name, outcome=outcome).inc()
        self._last_activity = time.monotonic()

    def handle(self, message: Message) -> str | None:
        """Apply one message; returns the outcome, or None if stopping left it unacknowledged."""
        try:
            event = parse(message.body)
        except EnvelopeError as exc:
            return self._dead_letter(message, None, f"not a valid CloudEvent: {exc}", 1)
        handler = self.consumer.handlers.get(event.type)
        if handler is None:
            # A binding outlived its handler: nothing here wants this type.
            message.ack()
            self._log("ignored", event, reason="no handler for this type")
            return "ignored"

        attempts = int((message.headers or {}).get("x-delivery-count", 0) or 0)
        limit = conf.get("DELIVERY_LIMIT")
        while True:
            try:
                applied = inbox.apply_once(
                    consumer=self.consumer, event=event, handler=handler, using=self.using
                )
            except INFRASTRUCTURE_ERRORS as exc:
                # The database is unreachable: not the event's fault, so it does not count.
                connections[self.using].close()
                self._log("database unavailable", event, error=str(exc))
                if not self._sleep(conf.get("CONSUMER_BACKOFF_MAX")):
                    return None
                continue
            except Exception as exc:
                attempts += 1
                metrics.HANDLER_FAILURES.labels(consumer=self.consumer.name, type=event.type).inc()
                reason = f"{type(exc).__name__}: {exc}"
                if attempts >= limit:
                    return self._dead_letter(message, event, reason, attempts)
                delay = min(
                    conf.get("CONSUMER_BACKOFF_BASE") * 2 ** (attempts - 1),
                    conf.get("CONSUMER_BACKOFF_MAX"),
                )
                self._log("handler failed", event, error=reason, attempt=attempts, retry_in_s=delay)
                if not self._sleep(delay):
                    return None
                continue
            message.ack()
            lag = (datetime.now(UTC) - event.occurred_at).total_seconds()
            metrics.CONSUMER_LAG.labels(consumer=self.consumer.name).observe(max(lag, 0.0))
            if log.isEnabledFor(10):
                self._log("applied" if applied else "duplicate skipped", event, lag_s=lag)
            return "applied" if applied else "duplicate"

    def _dead_letter(
        self, message: Message, event: Event | None, reason: str, attempts: int
    ) -> str:
        if self._publisher is None:
            self._publisher = publisher_for()
        dead_letter(self._publisher, self.consumer, message, reason=reason, attempts=attempts)
        message.ack()
        log.error(
            "dead-lettered",
            consumer=self.consumer.name,
            queue=self.consumer.dead_letter_queue,
            event_id=event.id if event else message.properties.get("message_id"),
            trace_id=tracing.trace_id(event.traceparent) if event else None,
            error=reason,
            attempts=attempts,
        )
        return "dead_lettered"

    def _sleep(self, seconds: float) -> bool:
        """Wait `seconds` unless asked to stop; False if stopping."""
        deadline = time.monotonic() + seconds
        while not self.should_stop:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return True
            time.sleep(min(remaining, 0.1))
        return False

    def _log(self, message: str, event: Event, **fields: Any) -> None:
        level = "debug" if message in ("applied", "duplicate skipped") else "warning"
        getattr(log, level)(
            message,
            consumer=self.consumer.name,
            event_id=event.id,
            trace_id=tracing.trace_id(event.traceparent),
            type=event.type,
            subject=event.subject,
            sequence=event.sequence,
            **fields,
        )
