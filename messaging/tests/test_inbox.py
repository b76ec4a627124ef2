"""The inbox: insert-first deduplication in the handler's own transaction."""

import threading
import time
import uuid

import pytest
from django.db import connection

from messaging import tracing
from messaging.consumers import Consumer
from messaging.envelope import Event
from messaging.inbox import apply_once
from messaging.models import InboxMessage, OutboxEvent
from messaging.outbox import record_event
from messaging.tests.testapp.events import AUDITED

TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def make_event(**overrides) -> Event:
    fields = {
        "id": str(uuid.uuid4()),
        "type": "testapp.account.credited.v1",
        "source": "/tests",
        "subject": "1",
        "sequence": 1,
        "time": "2025-01-01T00:00:00Z",
        "data": {"account_id": 1, "amount": 1},
        "traceparent": TRACE,
    }
    return Event(**{**fields, **overrides})


@pytest.mark.django_db
def test_the_second_copy_of_an_event_is_skipped():
    calls = []
    event = make_event()
    consumer = Consumer("inbox-test")

    assert apply_once(consumer=consumer, event=event, handler=calls.append) is True
    assert apply_once(consumer=consumer, event=event, handler=calls.append) is False

    assert calls == [event]
    row = InboxMessage.objects.get()
    assert (row.consumer, row.event_id, row.subject, row.sequence) == (
        "inbox-test",
        event.id,
        "1",
        1,
    )


@pytest.mark.django_db
def test_each_consumer_applies_the_event_for_itself():
    event = make_event()
    calls = []

    apply_once(consumer=Consumer("first"), event=event, handler=calls.append)
    apply_once(consumer=Consumer("second"), event=event, handler=calls.append)

    assert len(calls) == 2


@pytest.mark.django_db
def test_a_failing_handler_leaves_no_inbox_row_so_a_retry_applies_it():
    event = make_event()
    consumer = Consumer("inbox-test")

    def fail(_event):
        raise ValueError("not yet")

    with pytest.raises(ValueError, match="not yet"):
        apply_once(consumer=consumer, event=event, handler=fail)

    assert not InboxMessage.objects.exists()
    assert apply_once(consumer=consumer, event=event, handler=lambda e: None) is True


@pytest.mark.django_db
def test_events_recorded_by_a_handler_continue_the_incoming_trace():
    def handler(event):
        record_event(type=AUDITED, subject=1, data={"account_id": 1})

    apply_once(consumer=Consumer("inbox-test"), event=make_event(), handler=handler)

    assert tracing.trace_id(OutboxEvent.objects.get().traceparent) == tracing.trace_id(TRACE)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_copies_arriving_at_the_same_moment_take_effect_once():
    """The second insert waits on the first's unique-index entry instead of passing a check."""
    event = make_event()
    consumer = Consumer("inbox-test")
    calls, results, errors = [], [], []
    barrier = threading.Barrier(2)

    def slow_handler(e):
        calls.append(e.id)
        time.sleep(0.3)  # the other copy arrives while this one is still being applied

    def deliver():
        try:
            barrier.wait()
            results.append(apply_once(consumer=consumer, event=event, handler=slow_handler))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == [False, True]
    assert calls == [event.id]
    assert InboxMessage.objects.count() == 1
