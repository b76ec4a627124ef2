"""Recording events: same transaction as the change, validated, sequenced per aggregate."""

import threading
import uuid

import pytest
from django.db import connection, transaction

from messaging.event_types import EventTypeError, SchemaViolation
from messaging.models import AggregateSequence, OutboxEvent, OutboxStatus
from messaging.outbox import NewEvent, OutsideTransaction, record_event, record_events
from messaging.tests.testapp.events import CREDITED, OPENED, account_credit, account_open
from messaging.tests.testapp.models import Account

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_an_event_outside_a_transaction_is_refused_and_nothing_is_written():
    with pytest.raises(OutsideTransaction, match=r"inside transaction\.atomic"):
        record_event(type=OPENED, subject=1, data={"account_id": 1, "name": "Ada"})

    assert not OutboxEvent.objects.exists()


def test_a_committed_write_leaves_one_pending_cloudevent(messaging_settings):
    account = account_open(name="Ada")

    event = OutboxEvent.objects.get()
    assert event.type == OPENED
    assert event.source == "/messaging-tests"
    assert event.aggregate_type == "testapp.account"
    assert event.aggregate_id == str(account.pk)
    assert event.sequence == 1
    assert event.data == {"account_id": account.pk, "name": "Ada"}
    assert event.status == OutboxStatus.PENDING
    assert event.time.endswith("Z")
    assert event.traceparent.startswith("00-")
    uuid.UUID(str(event.event_id))


def test_a_rolled_back_transaction_leaves_neither_the_change_nor_the_event():
    with pytest.raises(RuntimeError), transaction.atomic():
        account = Account.objects.create(name="Ada")
        record_event(
            type=OPENED, subject=account.pk, data={"account_id": account.pk, "name": "Ada"}
        )
        raise RuntimeError("the order failed")

    assert not Account.objects.exists()
    assert not OutboxEvent.objects.exists()
    assert not AggregateSequence.objects.exists()


def test_each_aggregate_numbers_its_events_from_one_without_gaps():
    ada, bob = account_open(name="Ada"), account_open(name="Bob")
    account_credit(account_id=ada.pk, amount=5)
    account_credit(account_id=ada.pk, amount=7)
    with pytest.raises(RuntimeError), transaction.atomic():
        account_credit(account_id=bob.pk, amount=1)
        raise RuntimeError("rolled back: must not burn a sequence number")
    account_credit(account_id=bob.pk, amount=3)

    sequences = {
        name: list(
            OutboxEvent.objects.filter(aggregate_id=str(account.pk))
            .order_by("id")
            .values_list("sequence", flat=True)
        )
        for name, account in (("ada", ada), ("bob", bob))
    }
    assert sequences == {"ada": [1, 2, 3], "bob": [1, 2]}


def test_a_rolled_back_savepoint_takes_its_events_and_numbers_with_it():
    account = account_open(name="Ada")
    with transaction.atomic():
        account_credit(account_id=account.pk, amount=1)
        try:
            with transaction.atomic():
                account_credit(account_id=account.pk, amount=2)
                raise ValueError("inner step failed")
        except ValueError:
            pass
        account_credit(account_id=account.pk, amount=3)

    rows = OutboxEvent.objects.filter(type=CREDITED).order_by("sequence")
    assert [(r.sequence, r.data["amount"]) for r in rows] == [(2, 1), (3, 3)]


def test_a_payload_breaking_the_schema_is_refused_at_write_time_naming_the_field():
    with pytest.raises(SchemaViolation) as caught, transaction.atomic():
        record_event(type=CREDITED, subject=1, data={"account_id": 1, "amount": "ten"})

    assert "field 'amount': 'ten' is not of type 'integer'" in str(caught.value)
    assert not OutboxEvent.objects.exists()


def test_an_unregistered_type_is_refused():
    with pytest.raises(EventTypeError, match="not registered"), transaction.atomic():
        record_event(type="testapp.account.closed.v1", subject=1, data={})


def test_one_bad_event_in_a_batch_refuses_the_whole_batch():
    with pytest.raises(SchemaViolation), transaction.atomic():
        record_events(
            [
                NewEvent(OPENED, 1, {"account_id": 1, "name": "Ada"}),
                NewEvent(CREDITED, 1, {"account_id": 1}),
            ]
        )

    assert not OutboxEvent.objects.exists()


def test_a_batch_numbers_each_aggregate_in_the_order_given():
    with transaction.atomic():
        record_events(
            [
                NewEvent(CREDITED, account, {"account_id": account, "amount": n})
                for n in range(1, 4)
                for account in (1, 2)
            ]
        )

    rows = OutboxEvent.objects.order_by("id").values_list("aggregate_id", "sequence", "data")
    assert [(a, s, d["amount"]) for a, s, d in rows] == [
        ("1", 1, 1),
        ("2", 1, 1),
        ("1", 2, 2),
        ("2", 2, 2),
        ("1", 3, 3),
        ("2", 3, 3),
    ]


def test_a_commit_nudges_the_relay_once_however_many_events_it_holds(
    settings, django_capture_on_commit_callbacks
):
    settings.MESSAGING = {**settings.MESSAGING, "NUDGE": "messaging.tests.test_outbox.count_nudge"}
    NUDGES.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for amount in (1, 2, 3):
            record_event(type=CREDITED, subject=9, data={"account_id": 9, "amount": amount})

    assert len(callbacks) == 1
    assert wait_for_nudges(1)


NUDGES: list[int] = []


def count_nudge() -> None:
    NUDGES.append(1)


def wait_for_nudges(count: int) -> bool:
    from .support import wait_until

    return bool(wait_until(lambda: len(NUDGES) >= count, timeout=5, what="the nudge"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_to_one_aggregate_get_gapless_numbers_in_commit_order():
    account = account_open(name="Ada")
    errors = []

    def writer(amounts):
        try:
            for amount in amounts:
                account_credit(account_id=account.pk, amount=amount)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=writer, args=(range(start, start + 20),)) for start in (1, 101, 201)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    rows = list(
        OutboxEvent.objects.filter(type=CREDITED).order_by("id").values_list("sequence", flat=True)
    )
    # Sequence order is insert (= commit) order, and nothing is skipped or repeated.
    assert rows == list(range(2, 62))
    assert Account.objects.get().balance == sum(range(1, 21)) + sum(range(101, 121)) + sum(
        range(201, 221)
    )


def test_a_payload_that_is_not_json_is_refused_with_a_hint():
    from decimal import Decimal

    with (
        pytest.raises(SchemaViolation, match=r"payload is not JSON.*Decimal"),
        transaction.atomic(),
    ):
        record_event(type=CREDITED, subject=1, data={"account_id": 1, "amount": Decimal("1.50")})

    assert not OutboxEvent.objects.exists()
