"""Broker topology on RabbitMQ: declared idempotently, routed by type, limited and dead-lettered."""

import contextlib
import json

import amqp
import pytest

from messaging.consumers import consumer
from messaging.publishers import ConfirmingPublisher, Outgoing
from messaging.tests.testapp.events import AUDITED, CREDITED, OPENED
from messaging.tests.testapp.handlers import audit, projection
from messaging.topology import TopologyMismatch, declare, queue_arguments

from .conftest import queue_depth

pytestmark = pytest.mark.rabbitmq


def publish(rabbit, exchange: str, routing_key: str, body: bytes = b"{}") -> None:
    publisher = ConfirmingPublisher()
    try:
        outcome = publisher.publish(
            [
                Outgoing(
                    body=body, exchange=exchange, routing_key=routing_key, message_id="m", type="t"
                )
            ]
        )
    finally:
        publisher.close()
    assert outcome == [None]


def test_declaring_twice_is_harmless_and_creates_queue_and_dead_letter_queue(rabbit):
    first = declare(rabbit, [projection, audit])
    second = declare(rabbit, [projection, audit])

    assert first == second
    assert f"queue {projection.queue}" in first
    assert f"queue {projection.dead_letter_queue}" in first
    assert queue_depth(rabbit, projection.queue) == 0
    assert queue_depth(rabbit, audit.dead_letter_queue) == 0


def test_events_reach_only_the_consumers_that_handle_their_type(rabbit, messaging_settings):
    declare(rabbit, [projection, audit])

    publish(rabbit, messaging_settings["EXCHANGE"], OPENED)
    publish(rabbit, messaging_settings["EXCHANGE"], CREDITED)
    publish(rabbit, messaging_settings["EXCHANGE"], AUDITED)
    publish(rabbit, messaging_settings["EXCHANGE"], "testapp.account.unheard_of.v1")

    assert queue_depth(rabbit, projection.queue) == 2
    assert queue_depth(rabbit, audit.queue) == 1


def test_a_message_redelivered_past_the_limit_is_dead_lettered_by_the_broker(
    rabbit, messaging_settings
):
    """A consumer that crashes on a message every time cannot block its queue forever."""
    declare(rabbit, [audit])
    publish(rabbit, messaging_settings["EXCHANGE"], AUDITED, b'{"poison": true}')

    deliveries = 0
    for _ in range(messaging_settings["DELIVERY_LIMIT"] + 2):
        channel = rabbit.connection.channel()
        received = []
        channel.basic_consume(audit.queue, callback=received.append)
        with contextlib.suppress(TimeoutError):
            rabbit.connection.drain_events(timeout=1)
        channel.close()  # the "crash": unacknowledged, so the broker takes it back
        deliveries += len(received)

    assert deliveries == messaging_settings["DELIVERY_LIMIT"] + 1
    assert queue_depth(rabbit, audit.queue) == 0
    assert queue_depth(rabbit, audit.dead_letter_queue) == 1
    dead = rabbit.channel().basic_get(audit.dead_letter_queue, no_ack=True)
    assert json.loads(dead.body) == {"poison": True}
    assert dead.headers["x-death"][0]["reason"] == "delivery_limit"


def test_a_queue_that_exists_with_other_settings_is_reported_not_silently_reused(
    rabbit, settings, messaging_settings
):
    declare(rabbit, [projection])
    settings.MESSAGING = {**messaging_settings, "QUEUE_TYPE": "classic"}

    with pytest.raises(TopologyMismatch, match="other settings") as caught:
        declare(rabbit, [projection])

    assert "inequivalent arg" in str(caught.value)


def test_consumer_names_are_checked():
    from messaging.consumers import ConsumerError

    with pytest.raises(ConsumerError, match="lower-case"):
        consumer("Orders Sync")


@pytest.mark.parametrize(
    ("argument", "other_value"),
    [("x-queue-type", "classic"), ("x-single-active-consumer", False), ("x-delivery-limit", 99)],
)
def test_each_consumer_queue_is_quorum_single_active_and_delivery_limited(
    rabbit, argument, other_value
):
    declare(rabbit, [projection])
    arguments = {**queue_arguments(projection), argument: other_value}

    # The broker refuses a re-declaration that differs in just this argument: the queue has it.
    with pytest.raises(amqp.exceptions.PreconditionFailed, match=f"inequivalent arg '{argument}'"):
        rabbit.channel().queue_declare(
            projection.queue, durable=True, auto_delete=False, arguments=arguments
        )
