"""Fault injection with real processes: a relay killed mid-batch, the broker gone, two of each.

Relays run as Celery workers and consumers as `manage.py messaging_consume`, in child
processes sharing the test database. The relays reach RabbitMQ through a TCP proxy the test
can freeze or cut, which is how "the broker went away" looks from the relay's side.
"""

import itertools
import signal
import threading
import time
from collections.abc import Iterator

import pytest
from django.db import connection

from messaging.models import InboxMessage, OutboxEvent, OutboxStatus
from messaging.tests.testapp.events import account_credit, account_open
from messaging.tests.testapp.handlers import projection
from messaging.tests.testapp.models import Account, AppliedEvent, Projection
from messaging.topology import declare

from .conftest import consume, default_celery_queue, queue_depth
from .support import (
    RABBITMQ_URL,
    Child,
    TcpProxy,
    child_env,
    consume_args,
    rabbitmq_address,
    relay_worker_args,
    wait_until,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.rabbitmq,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


class Stack:
    """Child processes wired to this test's database, exchange and queues."""

    def __init__(self, messaging: dict, tmp_path, sweep_seconds: float = 0.3):
        self.proxy = TcpProxy(rabbitmq_address())
        self.tmp_path = tmp_path
        self.queue = messaging["RELAY_QUEUE"]
        # As recommended for production: the relay has a queue of its own beside the default.
        db = connection.settings_dict
        self.env = child_env(
            DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            BROKER_URL=RABBITMQ_URL,
            MESSAGING_BROKER_URL=self.proxy.url(),
            CELERY_TASK_DEFAULT_QUEUE=default_celery_queue(messaging),
            MESSAGING_RELAY_QUEUE=self.queue,
            MESSAGING_EXCHANGE=messaging["EXCHANGE"],
            MESSAGING_QUEUE_PREFIX=messaging["QUEUE_PREFIX"],
            MESSAGING_DELIVERY_LIMIT=str(messaging["DELIVERY_LIMIT"]),
            MESSAGING_RELAY_CONFIRM_TIMEOUT="120",
            MESSAGING_SWEEP_SECONDS=str(sweep_seconds),
            STRANGLER_VAR_DIR=str(tmp_path),
        )
        self.children: list[Child] = []

    def relay(self, name: str) -> Child:
        args = relay_worker_args(
            queue=self.queue, name=name, schedule=self.tmp_path / f"{name}-beat"
        )
        return self._spawn(args, name)

    def consumer(self, name: str) -> Child:
        return self._spawn(consume_args(projection.name), name)

    def _spawn(self, args: list[str], name: str) -> Child:
        child = Child(args, self.env, self.tmp_path / f"{name}.log")
        self.children.append(child)
        return child

    def close(self) -> None:
        for child in self.children:
            child.kill(signal.SIGKILL)
        self.proxy.close()


@pytest.fixture
def stack(rabbit, messaging_settings, tmp_path) -> Iterator[Stack]:
    stack = Stack(messaging_settings, tmp_path)
    yield stack
    stack.close()


def test_a_commit_nudges_the_relay_long_before_the_sweep(
    rabbit, settings, messaging_settings, celery_nudges, tmp_path
):
    stack = Stack(messaging_settings, tmp_path, sweep_seconds=3600)
    try:
        relay = stack.relay("relay-1")
        wait_until(lambda: "ready" in relay.output(), timeout=60, what="the worker to start")
        settings.MESSAGING = {**settings.MESSAGING, "NUDGE": "messaging.nudge.send_celery_nudge"}
        committed = time.monotonic()
        account_open(name="Ada")

        wait_until(lambda: pending() == 0, timeout=10, interval=0.02, what="the nudged relay")
        assert time.monotonic() - committed < 5  # the sweep would take an hour
    finally:
        stack.close()


def pending() -> int:
    return OutboxEvent.objects.exclude(status=OutboxStatus.PUBLISHED).count()


def assert_each_event_applied_once_in_order() -> None:
    events = OutboxEvent.objects.count()
    applied = list(
        AppliedEvent.objects.order_by("id").values_list("event_id", "subject", "sequence")
    )
    assert len(applied) == events
    assert len({event_id for event_id, _, _ in applied}) == events
    by_subject: dict[str, list[int]] = {}
    for _, subject, sequence in applied:
        by_subject.setdefault(subject, []).append(sequence)
    for subject, sequences in by_subject.items():
        assert sequences == list(range(1, len(sequences) + 1)), f"account {subject}: {sequences}"
    for account in Account.objects.all():
        assert Projection.objects.get(account_id=account.pk).balance == account.balance


def test_a_relay_killed_mid_batch_loses_nothing_and_its_duplicates_apply_once(stack, rabbit):
    declare(rabbit, [projection])
    accounts = [account_open(name=f"account {n}") for n in range(10)]
    first = stack.relay("relay-1")
    wait_until(lambda: pending() == 0, timeout=60, what="the relay to start publishing")

    # Published messages still reach the broker, its confirms no longer reach the relay.
    stack.proxy.freeze_replies()
    for amount in range(1, 6):
        for account in accounts:
            account_credit(account_id=account.pk, amount=amount)
    wait_until(
        lambda: queue_depth(rabbit, projection.queue) >= 20, timeout=30, what="a wave to arrive"
    )
    time.sleep(0.5)
    # Mid-batch: messages are on the broker, yet not one of these rows is marked published.
    assert pending() == 50
    first.kill(signal.SIGKILL)

    stack.proxy.restore()
    stack.relay("relay-2")
    wait_until(lambda: pending() == 0, timeout=60, what="the second relay to drain the outbox")
    runner = consume(projection, expect=70)

    assert runner.counts["applied"] == 60
    assert runner.counts["duplicate"] >= 10
    assert_each_event_applied_once_in_order()


def test_while_the_broker_is_unreachable_writes_go_on_and_the_backlog_drains_after(stack, rabbit):
    declare(rabbit, [projection])
    account = account_open(name="Ada")
    stack.relay("relay-1")
    wait_until(lambda: pending() == 0, timeout=60, what="the relay to start publishing")

    stack.proxy.cut()
    slowest = 0.0
    for amount in range(1, 101):
        started = time.monotonic()
        account_credit(account_id=account.pk, amount=amount)
        slowest = max(slowest, time.monotonic() - started)
    time.sleep(3)  # several sweeps find the broker gone

    # Waiting for the broker would mean the 5 s connect timeout, or hanging outright.
    assert slowest < 1.0, "a write waited for the broker"
    assert pending() == 100
    assert OutboxEvent.objects.filter(status=OutboxStatus.FAILED).count() == 0

    stack.proxy.restore()
    wait_until(lambda: pending() == 0, timeout=60, what="the backlog to drain")
    runner = consume(projection, expect=101)
    print(
        "DEBUG",
        runner.counts,
        queue_depth(rabbit, projection.queue),
        AppliedEvent.objects.count(),
        list(AppliedEvent.objects.order_by("id").values_list("sequence", flat=True))[:5],
    )

    assert runner.counts == {"applied": 101}
    assert Projection.objects.get().balance == sum(range(1, 101))
    assert_each_event_applied_once_in_order()


def test_two_relays_and_two_consumers_deliver_everything_once_in_aggregate_order(stack, rabbit):
    declare(rabbit, [projection])
    accounts = [account_open(name=f"account {n}") for n in range(8)]
    stack.relay("relay-1")
    stack.relay("relay-2")
    active = stack.consumer("consumer-1")
    wait_until(lambda: "consuming" in active.output(), timeout=60, what="consumer 1")
    standby = stack.consumer("consumer-2")
    wait_until(lambda: "consuming" in standby.output(), timeout=60, what="consumer 2")
    errors: list[Exception] = []

    def writer(amounts: range) -> None:
        try:
            for amount, account in itertools.product(amounts, accounts):
                account_credit(account_id=account.pk, amount=amount)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    writers = [threading.Thread(target=writer, args=(range(s, s + 10),)) for s in (1, 101, 201)]
    for thread in writers:
        thread.start()
    # Take the active consumer away mid-stream; the standby must carry on where it stopped.
    wait_until(lambda: AppliedEvent.objects.count() >= 60, timeout=60, what="consumption to start")
    active.kill(signal.SIGKILL)
    for thread in writers:
        thread.join()

    total = 8 + 3 * 10 * 8
    assert errors == []
    wait_until(lambda: pending() == 0, timeout=60, what="the relays to drain")
    wait_until(
        lambda: AppliedEvent.objects.count() >= total, timeout=60, what="the standby consumer"
    )
    time.sleep(1)  # anything applied twice would show up now

    assert InboxMessage.objects.count() == total
    assert_each_event_applied_once_in_order()
