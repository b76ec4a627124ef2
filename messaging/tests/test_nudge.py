"""Nudging the relay: coalesced, off the request path, and harmless when the broker is down."""

import threading
import time

import pytest

from messaging.nudge import Nudger, send_celery_nudge
from messaging.relay_queue import celery_task_queues

from .conftest import queue_depth
from .support import wait_until


def test_many_commits_during_a_slow_send_cause_one_more_send_not_one_each():
    sends = []
    release = threading.Event()

    def send():
        sends.append(time.monotonic())
        release.wait(5)

    nudger = Nudger(send)
    nudger.request()
    wait_until(lambda: len(sends) == 1, timeout=5)
    for _ in range(100):
        nudger.request()
    last_request = time.monotonic()
    release.set()

    wait_until(lambda: len(sends) == 2, timeout=5)
    time.sleep(0.2)
    assert len(sends) == 2
    # The send that follows started after the last request, so it covers that commit.
    assert sends[1] >= last_request


def test_a_failing_send_is_logged_and_the_next_request_still_sends():
    attempts = []

    def send():
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionRefusedError("broker down")

    nudger = Nudger(send)
    nudger.request()
    wait_until(lambda: len(attempts) == 1, timeout=5)
    nudger.request()

    wait_until(lambda: len(attempts) == 2, timeout=5)


def test_request_returns_at_once_even_when_sending_hangs():
    nudger = Nudger(lambda: time.sleep(2))
    started = time.monotonic()
    for _ in range(10):
        nudger.request()

    assert time.monotonic() - started < 0.1


@pytest.mark.rabbitmq
def test_the_celery_nudge_queues_the_relay_task_with_the_time_it_was_sent(
    rabbit, messaging_settings, celery_nudges
):
    send_celery_nudge()

    nudge = rabbit.default_channel.basic_get(messaging_settings["RELAY_QUEUE"], no_ack=True)
    assert nudge.headers["task"] == "messaging.relay_outbox"
    assert nudge.headers["kwargsrepr"].startswith("{'nudged_at': ")


@pytest.mark.rabbitmq
def test_a_relay_queue_of_its_own_keeps_only_the_latest_nudge(
    rabbit, messaging_settings, celery_nudges
):
    relay_queue = messaging_settings["RELAY_QUEUE"]

    for _ in range(5):
        send_celery_nudge()
    sent_last = time.time()
    depth = queue_depth(rabbit, relay_queue)
    latest = rabbit.default_channel.basic_get(relay_queue, no_ack=True)

    assert depth == 1
    # drop-head kept the newest nudge, whose time covers every commit before it.
    nudged_at = float(latest.headers["kwargsrepr"].split(": ")[1].rstrip("}"))
    assert sent_last - 1 < nudged_at <= sent_last


def test_the_relay_cannot_share_the_default_queue():
    with pytest.raises(ValueError, match="queue of its own"):
        celery_task_queues(default_queue="celery", relay_queue="celery")
