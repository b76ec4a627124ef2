"""Fixtures for the messaging tests: names of their own on the broker, subprocess plumbing."""

import contextlib
import secrets
import time
from collections.abc import Iterator
from typing import Any

import amqp
import pytest
from celery import Celery
from kombu import Connection

from messaging import conf
from messaging import relay as relay_module
from messaging.consumers import Consumer, all_consumers
from messaging.publishers import ConfirmingPublisher
from messaging.relay import Relay
from messaging.runner import ConsumerRunner

from . import support
from .support import RABBITMQ_URL, nudging_app


@pytest.fixture
def namespace() -> str:
    """A prefix no other test run (or anybody else on this broker) uses."""
    return f"test-{secrets.token_hex(4)}"


@pytest.fixture
def messaging_settings(settings, namespace: str) -> dict[str, Any]:
    """MESSAGING for a test: its own exchange and queues on RabbitMQ, fast back-offs, no nudge."""
    settings.MESSAGING = {
        **conf.DEFAULTS,
        "SOURCE": "/messaging-tests",
        "BROKER_URL": RABBITMQ_URL,
        "EXCHANGE": f"{namespace}.events",
        "QUEUE_PREFIX": f"{namespace}.",
        "NUDGE": None,
        "RELAY_BACKOFF_BASE": 0.05,
        "RELAY_BACKOFF_MAX": 0.2,
        "RELAY_BROKER_BACKOFF_MAX": 0.2,
        "CONSUMER_BACKOFF_BASE": 0.01,
        "CONSUMER_BACKOFF_MAX": 0.05,
        "DELIVERY_LIMIT": 3,
        "RELAY_QUEUE": f"{namespace}.relay",
    }
    return settings.MESSAGING


@pytest.fixture
def rabbit(messaging_settings: dict[str, Any]) -> Iterator[Connection]:
    """A kombu connection to RabbitMQ; everything the test declared is deleted afterwards."""
    connection = Connection(RABBITMQ_URL)
    connection.connect()
    yield connection
    connection.release()
    _delete_broker_objects(messaging_settings)


def _delete_broker_objects(messaging: dict[str, Any]) -> None:
    with Connection(RABBITMQ_URL) as admin:
        channel = admin.channel()
        for consumer in all_consumers():
            queue = f"{messaging['QUEUE_PREFIX']}{consumer.name}"
            for name in (queue, f"{queue}.dlq"):
                channel.queue_delete(name)
        for name in (messaging["EXCHANGE"], f"{messaging['EXCHANGE']}.dlx"):
            channel.exchange_delete(name)
        # Celery declares a direct exchange named after each queue it sends to.
        for name in (messaging["RELAY_QUEUE"], default_celery_queue(messaging)):
            channel.queue_delete(name)
            channel.exchange_delete(name)


def default_celery_queue(messaging: dict[str, Any]) -> str:
    """The test's own Celery default queue, beside its relay queue."""
    return messaging["RELAY_QUEUE"].removesuffix(".relay") + ".celery"


@pytest.fixture
def celery_nudges(settings, messaging_settings, monkeypatch) -> Celery:
    """Nudges from this process go through RabbitMQ to the test's relay queue."""
    app = nudging_app(
        default_queue=default_celery_queue(messaging_settings),
        relay_queue=messaging_settings["RELAY_QUEUE"],
    )
    monkeypatch.setattr(support, "celery_app", app)
    settings.MESSAGING = {**settings.MESSAGING, "CELERY_APP": "messaging.tests.support:celery_app"}
    return app


def queue_depth(connection: Connection, queue: str) -> int:
    """Messages ready in `queue` (0 if it does not exist)."""
    channel = connection.channel()
    try:
        return channel.queue_declare(queue, passive=True).message_count
    except amqp.exceptions.NotFound:
        return 0
    finally:
        # A 404 has closed the channel already.
        with contextlib.suppress(Exception):
            channel.close()


@pytest.fixture
def relay(rabbit: Connection) -> Iterator[Relay]:
    """A relay publishing to RabbitMQ with confirms."""
    publisher = ConfirmingPublisher()
    yield Relay(publisher)
    publisher.close()


def consume(
    consumer: Consumer, *, expect: int = 0, idle: float = 1.0, timeout: float = 60.0
) -> ConsumerRunner:
    """Run `consumer` in this thread until it finished `expect` messages and then was quiet for
    `idle` seconds (a slow machine may take longer than `idle` to deliver the first one)."""
    runner = ConsumerRunner(consumer, stop_when_idle=idle)
    deadline = time.monotonic() + timeout
    while True:
        runner.should_stop = False
        runner.run()
        if sum(runner.counts.values()) >= expect or time.monotonic() > deadline:
            return runner


@pytest.fixture(autouse=True)
def _fresh_default_relays() -> Iterator[None]:
    """Each test starts without the process-wide relays (and broker back-off) of the last."""
    yield
    for cached in relay_module._relays.values():
        cached.publisher.close()
    relay_module._relays.clear()
