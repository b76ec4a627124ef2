"""Nudging the relay: coalesced, off the request path, and harmless when the broker is down."""

import threading
import time

import pytest

from messaging.nudge import Nudger, send_celery_nudge

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
def test_the_celery_nudge_queues_the_relay_task(settings, rabbit, messaging_settings):
    settings.MESSAGING = {**messaging_settings, "CELERY_APP": "messaging.tests.support:celery_app"}

    send_celery_nudge()

    assert queue_depth(rabbit, messaging_settings["RELAY_QUEUE"]) == 1
