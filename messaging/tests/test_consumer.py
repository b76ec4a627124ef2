"""End to end on PostgreSQL and RabbitMQ: outbox → relay → queue → inbox → handler."""

import json
import uuid

import pytest
from django.db import transaction

from messaging.dlq import list_dead_letters, redrive
from messaging.envelope import Event
from messaging.models import InboxMessage, OutboxEvent, OutboxStatus
from messaging.publishers import ConfirmingPublisher, Outgoing
from messaging.replay import ReplaySelection, replay
from messaging.tests.testapp.events import (
    AUDITED,
    CREDITED,
    OPENED,
    account_audit,
    account_credit,
    account_open,
)
from messaging.tests.testapp.handlers import audit, projection
from messaging.tests.testapp.models import AppliedEvent, Fault, Projection
from messaging.topology import declare

from .conftest import consume, queue_depth

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.rabbitmq,
    pytest.mark.django_db(transaction=True),
]


def send_raw(body: bytes, *, routing_key: str, exchange: str = "") -> None:
    publisher = ConfirmingPublisher()
    try:
        assert publisher.publish(
            [
                Outgoing(
                    body=body,
                    exchange=exchange,
                    routing_key=routing_key,
                    message_id="raw",
                    type="t",
                )
            ]
        ) == [None]
    finally:
        publisher.close()


def test_a_committed_write_is_delivered_and_a_rolled_back_one_is_not(rabbit, relay):
    declare(rabbit, [projection])
    account = account_open(name="Ada")
    account_credit(account_id=account.pk, amount=5)
    with pytest.raises(RuntimeError), transaction.atomic():
        account_credit(account_id=account.pk, amount=1000)
        raise RuntimeError("payment declined")

    assert relay.drain().published == 2
    runner = consume(projection, expect=2)

    assert runner.counts == {"applied": 2}
    row = Projection.objects.get(account_id=account.pk)
    assert (row.name, row.balance, row.last_sequence) == ("Ada", 5, 2)
    assert not OutboxEvent.objects.exclude(status=OutboxStatus.PUBLISHED).exists()
    assert InboxMessage.objects.filter(consumer="testapp-projection").count() == 2


def test_a_duplicated_event_takes_effect_once(rabbit, relay):
    declare(rabbit, [projection])
    account = account_open(name="Ada")
    account_credit(account_id=account.pk, amount=5)
    relay.drain()
    # The same events again, as a relay that died before marking them would send them.
    assert replay(ReplaySelection(aggregate_type="testapp.account"), queue=projection.queue) == 2

    runner = consume(projection, expect=4)

    assert runner.counts == {"applied": 2, "duplicate": 2}
    assert Projection.objects.get().balance == 5
    assert AppliedEvent.objects.count() == 2


def test_a_handler_that_always_fails_ends_in_the_dead_letter_queue_and_redrive_applies_it(
    rabbit, relay, messaging_settings
):
    declare(rabbit, [audit])
    Fault.objects.create(event_type=AUDITED, message="audit service rejected the account")
    account_audit(account_id=7)
    relay.drain()

    runner = consume(audit, expect=1)

    assert runner.counts == {"dead_lettered": 1}
    assert queue_depth(rabbit, audit.queue) == 0
    assert not AppliedEvent.objects.exists()
    assert not InboxMessage.objects.exists()
    (letter,) = list_dead_letters(audit)
    event = OutboxEvent.objects.get()
    assert letter.event_id == str(event.event_id)
    assert letter.type == AUDITED
    assert letter.error == "RuntimeError: audit service rejected the account"
    assert letter.attempts == messaging_settings["DELIVERY_LIMIT"]
    # Listing leaves the dead letter where it is.
    assert queue_depth(rabbit, audit.dead_letter_queue) == 1

    Fault.objects.all().delete()
    (redriven,) = redrive(audit)
    runner = consume(audit, expect=1)

    assert redriven.event_id == str(event.event_id)
    assert runner.counts == {"applied": 1}
    assert AppliedEvent.objects.get().event_id == str(event.event_id)
    assert queue_depth(rabbit, audit.dead_letter_queue) == 0


def test_a_handler_failing_a_few_times_is_retried_and_then_applied(rabbit, relay, monkeypatch):
    declare(rabbit, [audit])
    account_audit(account_id=7)
    relay.drain()
    calls = []
    original = audit.handlers[AUDITED]

    def flaky(event: Event) -> None:
        calls.append(event.id)
        if len(calls) < 3:
            raise ConnectionError("downstream hiccup")
        original(event)

    monkeypatch.setitem(audit.handlers, AUDITED, flaky)

    runner = consume(audit, expect=1)

    assert runner.counts == {"applied": 1}
    assert len(calls) == 3
    assert AppliedEvent.objects.count() == 1


def test_redrive_can_pick_single_events(rabbit, relay):
    declare(rabbit, [audit])
    Fault.objects.create(event_type=AUDITED, message="no")
    account_audit(account_id=1)
    account_audit(account_id=2)
    relay.drain()
    consume(audit, expect=2)
    Fault.objects.all().delete()
    wanted = str(OutboxEvent.objects.get(aggregate_id="2").event_id)

    (redriven,) = redrive(audit, event_ids=[wanted])
    consume(audit, expect=1)

    assert redriven.event_id == wanted
    assert list(AppliedEvent.objects.values_list("subject", flat=True)) == ["2"]
    assert [letter.subject for letter in list_dead_letters(audit)] == ["1"]


def test_replay_rebuilds_a_read_model_from_the_outbox(rabbit, relay):
    declare(rabbit, [projection])
    ada, bob = account_open(name="Ada"), account_open(name="Bob")
    for amount in (1, 2, 3):
        account_credit(account_id=ada.pk, amount=amount)
    account_credit(account_id=bob.pk, amount=10)
    relay.drain()
    consume(projection, expect=6)
    # The read model is lost; forgetting the inbox lets replayed events apply again.
    Projection.objects.all().delete()
    InboxMessage.objects.all().delete()

    sent = replay(
        ReplaySelection(aggregate_type="testapp.account", aggregate_ids=(str(ada.pk),)),
        queue=projection.queue,
    )
    consume(projection, expect=4)

    assert sent == 4
    assert list(Projection.objects.values_list("name", "balance", "last_sequence")) == [
        ("Ada", 6, 4)
    ]


def test_replay_filters_by_type_and_time(rabbit, relay):
    declare(rabbit, [projection, audit])
    account = account_open(name="Ada")
    account_credit(account_id=account.pk, amount=1)
    account_audit(account_id=account.pk)
    relay.drain()
    first_two = OutboxEvent.objects.order_by("id")[:2]
    cutoff = OutboxEvent.objects.get(type=AUDITED).created_at

    assert ReplaySelection(types=(CREDITED, AUDITED)).queryset().count() == 2
    assert ReplaySelection(until=cutoff).queryset().count() == 2
    assert ReplaySelection(since=cutoff).queryset().count() == 1
    assert list(ReplaySelection(types=(OPENED, CREDITED)).queryset()) == list(first_two)
    # Without a queue, a replay goes through the exchange to every bound consumer.
    assert replay(ReplaySelection(types=(AUDITED,))) == 1
    assert queue_depth(rabbit, audit.queue) == 2
    assert queue_depth(rabbit, projection.queue) == 2


def test_an_event_nobody_handles_is_acknowledged_and_ignored(rabbit):
    declare(rabbit, [projection])
    body = Event(
        id=str(uuid.uuid4()),
        type="testapp.account.renamed.v1",
        source="/x",
        subject="1",
        sequence=1,
        time="2025-01-01T00:00:00Z",
        data={},
    ).to_json()
    send_raw(body, routing_key=projection.queue)

    runner = consume(projection, expect=1)

    assert runner.counts == {"ignored": 1}
    assert queue_depth(rabbit, projection.queue) == 0
    assert not InboxMessage.objects.exists()


def test_a_message_that_is_not_a_cloudevent_is_dead_lettered_with_the_reason(rabbit):
    declare(rabbit, [projection])
    send_raw(json.dumps({"hello": "world"}).encode(), routing_key=projection.queue)

    runner = consume(projection, expect=1)

    assert runner.counts == {"dead_lettered": 1}
    (letter,) = list_dead_letters(projection)
    assert letter.type == "(unreadable)"
    assert "not a valid CloudEvent: CloudEvent is missing id" in letter.error


def test_a_failure_inside_a_batch_keeps_the_events_behind_it_waiting(rabbit, relay, monkeypatch):
    declare(rabbit, [audit])
    for account in range(1, 7):
        account_audit(account_id=account)
    relay.drain()
    original = audit.handlers[AUDITED]
    failures = []

    def fails_twice_on_account_3(event: Event) -> None:
        if event.data["account_id"] == 3 and len(failures) < 2:
            failures.append(event.id)
            raise TimeoutError("search index busy")
        original(event)

    monkeypatch.setitem(audit.handlers, AUDITED, fails_twice_on_account_3)

    runner = consume(audit, expect=6)

    assert runner.counts == {"applied": 6}
    assert len(failures) == 2
    assert list(AppliedEvent.objects.order_by("id").values_list("subject", flat=True)) == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
    ]
