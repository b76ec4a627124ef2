"""The consumer runner: takes a consumer's messages in order and applies each exactly once.

Per-aggregate order comes from the queue's *single active consumer*: every running copy of a
consumer is connected, one receives, the others stand by and take over if it goes away.
(Hash-partitioning by aggregate would spread the load but needs a broker plugin and makes
rebalancing reorder in-flight events; one active consumer per queue is simpler to reason
about and fast enough for a sync feed. Scale out by splitting consumers instead.)

Messages that arrive together are applied together: one statement inserts their inbox rows
(the new ones come back), their handlers run, one commit, then the acknowledgements. A busy
queue costs one commit per batch instead of one per event. If a handler raises, nothing of the
batch is committed: the events before it are applied again as a smaller batch, and it is
retried alone, in place, with exponential back-off, while the messages behind it wait: later
events of the same aggregate cannot overtake it. After `DELIVERY_LIMIT` attempts (counting earlier deliveries the
broker reports) the message is copied to the consumer's dead-letter queue with the error and
acknowledged. The broker's own delivery limit catches a message that crashes the process.
"""

import contextlib
import time
from datetime import UTC, datetime
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, transaction
from kombu import Connection
from kombu import Consumer as KombuConsumer
from kombu.message import Message

from . import broker, conf, inbox, metrics, tracing
from .consumers import Consumer, Handler
from .dlq import dead_letter
from .envelope import EnvelopeError, Event, parse
from .logs import get_logger
from .publishers import CONNECTION_ERRORS, Publisher, publisher_for
from .topology import consumer_queue, declare

log = get_logger("messaging.consumer")

INFRASTRUCTURE_ERRORS = (OperationalError, InterfaceError)
# How long to wait for another message before applying what has arrived.
LINGER_SECONDS = 0.002
POLL_SECONDS = 0.2


class _HandlerFailed(Exception):
    def __init__(self, index: int, error: Exception):
        self.index, self.error = index, error


class _Item(NamedTuple):
    message: Message
    event: Event
    handler: Handler


class ConsumerRunner:
    """Runs `consumer` until stopped (`should_stop = True`), reconnecting after broker loss."""

    def __init__(
        self,
        consumer: Consumer,
        *,
        connection: Connection | None = None,
        using: str = DEFAULT_DB_ALIAS,
        stop_when_idle: float | None = None,
        batch_size: int = 100,
    ):
        self.consumer = consumer
        self.connection = connection or broker.connection()
        self.using = using
        self.stop_when_idle = stop_when_idle
        self.batch_size = batch_size
        self.should_stop = False
        self.counts: dict[str, int] = {}
        self._arrived: list[Message] = []
        self._last_activity = time.monotonic()
        self._publisher: Publisher | None = None

    # -- the loop -----------------------------------------------------------------------------

    def run(self) -> None:
        failures = 0
        try:
            while not self.should_stop:
                try:
                    self._consume()
                    failures = 0
                except CONNECTION_ERRORS as exc:
                    # Unacknowledged messages go back to the queue with the connection.
                    self._arrived = []
                    failures += 1
                    delay = min(0.5 * 2 ** (failures - 1), 10.0)
                    log.warning(
                        "broker connection lost",
                        consumer=self.consumer.name,
                        error=str(exc),
                        retry_in_s=delay,
                    )
                    self._release()
                    self._sleep(delay)
        finally:
            self._release()
            if self._publisher is not None:
                self._publisher.close()

    def _consume(self) -> None:
        connection = self.connection
        connection.ensure_connection(max_retries=1)
        declare(connection, [self.consumer])
        channel = connection.channel()
        channel.basic_qos(0, conf.get("CONSUMER_PREFETCH"), False)
        kombu_consumer = KombuConsumer(
            channel,
            queues=[consumer_queue(self.consumer)],
            on_message=self._on_message,
            auto_declare=False,
        )
        kombu_consumer.consume()
        log.info("consuming", consumer=self.consumer.name, queue=self.consumer.queue)
        self._last_activity = time.monotonic()
        while not self.should_stop:
            waited = False
            try:
                connection.drain_events(timeout=LINGER_SECONDS if self._arrived else POLL_SECONDS)
            except TimeoutError:
                waited = True
            if self._arrived and (waited or len(self._arrived) >= self.batch_size):
                self._apply_arrived()
                self._last_activity = time.monotonic()
            elif waited and self._idle_too_long():
                self.should_stop = True

    def _idle_too_long(self) -> bool:
        if self.stop_when_idle is None:
            return False
        return time.monotonic() - self._last_activity >= self.stop_when_idle

    def _on_message(self, message: Message) -> None:
        self._arrived.append(message)

    def _release(self) -> None:
        with contextlib.suppress(*CONNECTION_ERRORS):
            self.connection.release()
        self.connection = self.connection.clone()

    # -- applying ---------------------------------------------------------------------------

    def _apply_arrived(self) -> None:
        arrived, self._arrived = self._arrived, []
        items = [item for item in map(self._prepare, arrived) if item is not None]
        start, end = 0, len(items)
        while start < len(items) and not self.should_stop:
            outcome = self._apply_together(items[start:end])
            if outcome is None:
                return  # stopping while the database is down: all is redelivered
            applied, failed_at, error = outcome
            if failed_at is None:
                for item, fresh in zip(items[start:end], applied, strict=True):
                    self._done(item, fresh)
                start, end = end, len(items)
            elif failed_at > 0:
                end = start + failed_at  # commit what came before the failure first
            else:
                assert error is not None
                if self._apply_with_retries(items[start], error) is None:
                    return  # stopping: the rest stays unacknowledged and is redelivered
                start, end = start + 1, len(items)

    def _prepare(self, message: Message) -> _Item | None:
        """The event and its handler, or None once an unusable message was dealt with."""
        try:
            event = parse(message.body)
        except EnvelopeError as exc:
            self._count(self._dead_letter(message, None, f"not a valid CloudEvent: {exc}", 1))
            return None
        handler = self.consumer.handlers.get(event.type)
        if handler is None:
            # A binding outlived its handler: nothing here wants this type.
            message.ack()
            self._log("ignored", event, reason="no handler for this type")
            self._count("ignored")
            return None
        return _Item(message, event, handler)

    def _apply_together(
        self, items: list[_Item]
    ) -> tuple[list[bool], int | None, Exception | None] | None:
        """Apply `items` in one transaction, inbox rows first, all or nothing.

        Returns (which were new, None, None) once committed, or ([], index, error) when the
        handler of `items[index]` raised and nothing was committed; None if asked to stop
        while waiting for the database.
        """
        while True:
            try:
                with transaction.atomic(using=self.using):
                    fresh = inbox.insert_first(
                        consumer=self.consumer,
                        events=[item.event for item in items],
                        using=self.using,
                    )
                    applied = []
                    for index, item in enumerate(items):
                        is_new = item.event.id in fresh
                        fresh.discard(item.event.id)  # a copy later in the batch is a duplicate
                        if is_new:
                            try:
                                with tracing.use(item.event.traceparent):
                                    item.handler(item.event)
                            except INFRASTRUCTURE_ERRORS:
                                raise
                            except Exception as exc:
                                raise _HandlerFailed(index, exc) from exc
                        applied.append(is_new)
                return applied, None, None
            except _HandlerFailed as failed:
                return [], failed.index, failed.error
            except INFRASTRUCTURE_ERRORS as exc:
                if not self._wait_for_database(items[0].event, exc):
                    return None

    def _apply_with_retries(self, item: _Item, error: Exception) -> str | None:
        """Retry one failed item alone until it applies or reaches the limit; None if stopping."""
        attempts = int((item.message.headers or {}).get("x-delivery-count", 0) or 0)
        limit = conf.get("DELIVERY_LIMIT")
        while True:
            attempts += 1
            reason = f"{type(error).__name__}: {error}"
            metrics.HANDLER_FAILURES.labels(consumer=self.consumer.name, type=item.event.type).inc()
            if attempts >= limit:
                self._count(self._dead_letter(item.message, item.event, reason, attempts))
                return "dead_lettered"
            delay = min(
                conf.get("CONSUMER_BACKOFF_BASE") * 2 ** (attempts - 1),
                conf.get("CONSUMER_BACKOFF_MAX"),
            )
            self._log(
                "handler failed", item.event, error=reason, attempt=attempts, retry_in_s=delay
            )
            if not self._sleep(delay):
                return None
            outcome = self._apply_together([item])
            if outcome is None:
                return None  # stopped while the database was down
            applied, failed_at, failure = outcome
            if failed_at is None:
                self._done(item, applied[0])
                return "applied"
            assert failure is not None
            error = failure

    def _wait_for_database(self, event: Event, exc: Exception) -> bool:
        # The database is unreachable: not the event's fault, so it does not count.
        connections[self.using].close()
        self._log("database unavailable", event, error=str(exc))
        return self._sleep(conf.get("CONSUMER_BACKOFF_MAX"))

    def _done(self, item: _Item, applied: bool) -> None:
        item.message.ack()
        lag = (datetime.now(UTC) - item.event.occurred_at).total_seconds()
        metrics.CONSUMER_LAG.labels(consumer=self.consumer.name).observe(max(lag, 0.0))
        self._log("applied" if applied else "duplicate skipped", item.event, lag_s=lag)
        self._count("applied" if applied else "duplicate")

    def _count(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        metrics.CONSUMED.labels(consumer=self.consumer.name, outcome=outcome).inc()

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
        quiet = message in ("applied", "duplicate skipped")
        if quiet and not log.isEnabledFor(10):
            return
        getattr(log, "debug" if quiet else "warning")(
            message,
            consumer=self.consumer.name,
            event_id=event.id,
            trace_id=tracing.trace_id(event.traceparent),
            type=event.type,
            subject=event.subject,
            sequence=event.sequence,
            **fields,
        )
