"""Broker topology: one topic exchange; per consumer a durable queue and a dead-letter queue.

Consumer queues are quorum queues (replicated, with a delivery limit and at-least-once
dead-lettering) unless `QUEUE_TYPE` is "classic"; all have a single active consumer so an
aggregate's events are applied in order. Every declaration is idempotent.
"""

from typing import Any

from amqp.exceptions import PreconditionFailed
from kombu import Connection, Exchange, Queue, binding

from . import conf
from .consumers import Consumer, all_consumers


class TopologyMismatch(Exception):
    """An exchange or queue exists on the broker with other settings than declared."""


def events_exchange() -> Exchange:
    return Exchange(conf.get("EXCHANGE"), type="topic", durable=True)


def dead_letter_exchange() -> Exchange:
    return Exchange(f"{conf.get('EXCHANGE')}.dlx", type="direct", durable=True)


def _quorum() -> bool:
    queue_type = conf.get("QUEUE_TYPE")
    if queue_type not in ("quorum", "classic"):
        raise TopologyMismatch(
            f"MESSAGING QUEUE_TYPE must be 'quorum' or 'classic', not {queue_type!r}"
        )
    return queue_type == "quorum"


def queue_arguments(consumer: Consumer) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "x-single-active-consumer": True,
        "x-dead-letter-exchange": dead_letter_exchange().name,
        "x-dead-letter-routing-key": consumer.queue,
    }
    if _quorum():
        arguments.update(
            {
                "x-queue-type": "quorum",
                # A consumer that crashes on a message every time still gets past it.
                "x-delivery-limit": conf.get("DELIVERY_LIMIT"),
                "x-dead-letter-strategy": "at-least-once",
                "x-overflow": "reject-publish",
            }
        )
    return arguments


def consumer_queue(consumer: Consumer) -> Queue:
    exchange = events_exchange()
    return Queue(
        consumer.queue,
        bindings=[binding(exchange, routing_key=name) for name in consumer.event_types],
        durable=True,
        auto_delete=False,
        queue_arguments=queue_arguments(consumer),
    )


def dead_letter_queue(consumer: Consumer) -> Queue:
    return Queue(
        consumer.dead_letter_queue,
        exchange=dead_letter_exchange(),
        routing_key=consumer.queue,
        durable=True,
        auto_delete=False,
        # Classic on purpose: listing dead letters (get, then give back) must not count as
        # deliveries, which quorum queues do and eventually drop the message for.
        queue_arguments={"x-queue-type": "classic"} if _quorum() else {},
    )


def declare(connection: Connection, consumers: list[Consumer] | None = None) -> list[str]:
    """Declare the exchanges and each consumer's queues; returns what was declared."""
    consumers = all_consumers() if consumers is None else consumers
    channel = connection.default_channel
    declared = []
    try:
        for exchange in (events_exchange(), dead_letter_exchange()):
            exchange.bind(channel).declare()
            declared.append(f"exchange {exchange.name} ({exchange.type})")
        for consumer in consumers:
            for queue in (dead_letter_queue(consumer), consumer_queue(consumer)):
                queue.bind(channel).declare()
                declared.append(f"queue {queue.name}")
    except PreconditionFailed as exc:
        raise TopologyMismatch(
            f"the broker already has this with other settings ({exc.reply_text}); "
            "delete it or pick another name (MESSAGING EXCHANGE / QUEUE_PREFIX)"
        ) from exc
    return declared
