"""The relay's claim, ordering, confirm and failure rules (against a scripted publisher)."""

import itertools
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from messaging.models import OutboxEvent, OutboxStatus
from messaging.outbox import NewEvent, record_events
from messaging.relay import Relay
from messaging.tests.testapp.events import CREDITED

from .fakes import FakePublisher

pytestmark = pytest.mark.django_db


def credit(account: int, *amounts: int) -> list[OutboxEvent]:
    with transaction.atomic():
        return record_events(
            [NewEvent(CREDITED, account, {"account_id": account, "amount": a}) for a in amounts]
        )


def ids(rows) -> list[str]:
    return [str(row.event_id) for row in rows]


def status_of(rows) -> list[str]:
    by_id = dict(OutboxEvent.objects.values_list("event_id", "status"))
    return [by_id[row.event_id] for row in rows]


def test_confirmed_events_are_marked_published_in_waves_one_per_aggregate_position(
    messaging_settings,
):
    first = credit(1, 10, 11, 12)
    second = credit(2, 20)
    publisher = FakePublisher()

    result = Relay(publisher).run_once()

    assert result.published == 4
    # Wave k holds the k-th event of every aggregate; n+1 only after n is confirmed.
    assert [[m.message_id for m in wave] for wave in publisher.waves] == [
        [str(first[0].event_id), str(second[0].event_id)],
        [str(first[1].event_id)],
        [str(first[2].event_id)],
    ]
    assert status_of(first + second) == ["published"] * 4
    assert OutboxEvent.objects.filter(published_at__isnull=True).count() == 0


def test_what_goes_on_the_wire_is_the_cloudevent_routed_by_its_type(messaging_settings):
    (event,) = credit(1, 10)
    publisher = FakePublisher()

    Relay(publisher).run_once()

    (message,) = publisher.waves[0]
    assert message.exchange == messaging_settings["EXCHANGE"]
    assert message.routing_key == CREDITED
    assert message.message_id == str(event.event_id)
    assert message.headers == {"traceparent": event.traceparent}


def test_a_refused_event_is_retried_later_and_holds_back_the_rest_of_its_aggregate(
    messaging_settings,
):
    first = credit(1, 10, 11)
    other = credit(2, 20)
    publisher = FakePublisher(nack=[str(first[0].event_id)])

    result = Relay(publisher).run_once()

    assert (result.published, result.retrying) == (1, 1)
    assert status_of(first + other) == ["pending", "pending", "published"]
    refused = OutboxEvent.objects.get(event_id=first[0].event_id)
    assert refused.attempts == 1
    assert "basic.nack" in refused.last_error
    assert refused.available_at > timezone.now()
    # Its successor was never sent: it must not overtake the refused event.
    assert str(first[1].event_id) not in publisher.sent_ids

    # Still in back-off: nothing of aggregate 1 goes, not even the successor.
    assert Relay(FakePublisher()).run_once().published == 0

    OutboxEvent.objects.filter(pk=refused.pk).update(available_at=timezone.now())
    later = FakePublisher()
    assert Relay(later).run_once().published == 2
    assert later.sent_ids == ids(first[:1]) + ids(first[1:])


def test_an_event_refused_too_often_is_marked_failed_with_its_reason(messaging_settings):
    (event,) = credit(1, 10)
    OutboxEvent.objects.update(attempts=messaging_settings["RELAY_MAX_ATTEMPTS"] - 1)

    result = Relay(FakePublisher(nack=[str(event.event_id)])).run_once()

    failed = OutboxEvent.objects.get()
    assert result.failed == 1
    assert failed.status == OutboxStatus.FAILED
    assert failed.last_error.startswith("gave up after 10 attempts: the broker refused")


def test_an_event_too_big_to_send_fails_at_once_and_blocks_its_aggregate(
    settings, messaging_settings
):
    settings.MESSAGING = {**messaging_settings, "MAX_MESSAGE_BYTES": 300}
    with transaction.atomic():
        big, after = record_events(
            [
                NewEvent("testapp.account.opened.v1", 1, {"account_id": 1, "name": "x" * 400}),
                NewEvent(CREDITED, 1, {"account_id": 1, "amount": 1}),
            ]
        )
    publisher = FakePublisher()

    result = Relay(publisher).run_once()

    assert result.failed == 1
    assert publisher.sent_ids == []
    big.refresh_from_db()
    after.refresh_from_db()
    assert big.status == OutboxStatus.FAILED
    assert "over the 300-byte limit" in big.last_error
    assert after.status == OutboxStatus.PENDING


def test_a_dropped_connection_keeps_confirmed_events_and_leaves_the_rest_pending(
    messaging_settings,
):
    rows = credit(1, 10, 11, 12)
    relay = Relay(FakePublisher(fail_on_wave=2))

    result = relay.run_once()

    assert "connection reset" in result.broker_error
    # Wave 1 was confirmed, the first message of wave 2 too; the third never went.
    assert status_of(rows) == ["published", "published", "pending"]
    assert OutboxEvent.objects.get(event_id=rows[2].event_id).attempts == 0
    # The relay backs off from the broker instead of hammering it.
    assert relay.drain().broker_error == "waiting to retry the broker"


def test_drain_runs_batches_until_the_outbox_is_empty(messaging_settings):
    for account in range(1, 8):
        credit(account, 1, 2, 3)
    publisher = FakePublisher()

    result = Relay(publisher, batch_size=5).drain()

    assert result.published == 21
    assert not OutboxEvent.objects.filter(status=OutboxStatus.PENDING).exists()
    assert len(set(publisher.sent_ids)) == 21


def test_a_failed_event_blocks_later_events_of_its_aggregate_only(messaging_settings):
    stuck = credit(1, 10, 11)
    free = credit(2, 20)
    OutboxEvent.objects.filter(event_id=stuck[0].event_id).update(status=OutboxStatus.FAILED)

    result = Relay(FakePublisher()).run_once()

    # The successor is not even claimed: nothing would let it go before the failed event.
    assert (result.claimed, result.published) == (1, 1)
    assert status_of(stuck + free) == ["failed", "pending", "published"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_event_committed_late_with_a_lower_id_is_still_published(messaging_settings):
    """No id cursor: a transaction that took its id early and commits late is not skipped."""
    started, release = threading.Event(), threading.Event()

    def slow_writer():
        with transaction.atomic():
            record_events([NewEvent(CREDITED, 1, {"account_id": 1, "amount": 1})])
            started.set()
            release.wait(10)
        connection.close()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    started.wait(10)
    (fast,) = credit(2, 2)
    publisher = FakePublisher()
    relay = Relay(publisher)

    relay.run_once()
    release.set()
    writer.join()
    relay.run_once()

    slow = OutboxEvent.objects.get(aggregate_id="1")
    assert slow.pk < fast.pk
    assert publisher.sent_ids == [str(fast.event_id), str(slow.event_id)]
    assert not OutboxEvent.objects.exclude(status=OutboxStatus.PUBLISHED).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_relays_running_at_once_publish_each_event_once_in_aggregate_order(messaging_settings):
    for round_ in range(6):
        with transaction.atomic():
            record_events(
                [
                    NewEvent(CREDITED, account, {"account_id": account, "amount": round_ + 1})
                    for account in range(1, 31)
                ]
            )
    publisher = FakePublisher(delay=0.002)
    errors = []

    def run_relay():
        try:
            relay = Relay(publisher, batch_size=40)
            for _ in range(200):
                relay.run_once()
                if not OutboxEvent.objects.filter(status=OutboxStatus.PENDING).exists():
                    break
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    relays = [threading.Thread(target=run_relay) for _ in range(3)]
    for relay in relays:
        relay.start()
    for relay in relays:
        relay.join()

    assert errors == []
    assert len(publisher.log) == 180
    assert len({event_id for event_id, _, _ in publisher.log}) == 180
    by_aggregate: dict[str, list[tuple[str, int]]] = {}
    for event_id, subject, sequence in publisher.log:
        by_aggregate.setdefault(subject, []).append((event_id, sequence))
    for subject, events in by_aggregate.items():
        assert [seq for _, seq in events] == list(range(1, 7)), subject
        # Event n+1 of an aggregate was sent only after n was confirmed.
        for (previous, _), (following, _) in itertools.pairwise(events):
            assert publisher.sent_at[following] >= publisher.confirmed_at[previous]
    assert not OutboxEvent.objects.exclude(status=OutboxStatus.PUBLISHED).exists()


def test_events_in_back_off_are_not_claimed(messaging_settings):
    credit(1, 10)
    OutboxEvent.objects.update(available_at=timezone.now() + timedelta(minutes=1))

    assert Relay(FakePublisher()).run_once().claimed == 0
    assert OutboxEvent.objects.get().status == OutboxStatus.PENDING


@pytest.mark.parametrize("stuck", ["failed", "backing off"])
def test_an_aggregate_stuck_behind_one_event_does_not_stall_the_others(messaging_settings, stuck):
    blocked = credit(1, *range(1, 13))
    if stuck == "failed":
        OutboxEvent.objects.filter(pk=blocked[0].pk).update(status=OutboxStatus.FAILED)
    else:
        OutboxEvent.objects.filter(pk=blocked[0].pk).update(
            attempts=1, available_at=timezone.now() + timedelta(minutes=5)
        )
    later = credit(2, 1, 2, 3)
    publisher = FakePublisher()

    result = Relay(publisher, batch_size=5).drain()

    assert result.published == 3
    assert publisher.sent_ids == ids(later)
    assert OutboxEvent.objects.filter(aggregate_id="1", status=OutboxStatus.PUBLISHED).count() == 0


def test_a_nudge_sent_before_a_complete_pass_is_skipped_without_a_query(
    messaging_settings, django_assert_num_queries
):
    relay = Relay(FakePublisher())
    credit(1, 10)
    before_pass = time.time()
    relay.drain()
    (later,) = credit(2, 20)

    with django_assert_num_queries(0):
        assert relay.drain(nudged_at=before_pass).skipped

    assert OutboxEvent.objects.get(pk=later.pk).status == OutboxStatus.PENDING
    result = relay.drain(nudged_at=time.time())
    assert (result.skipped, result.published) == (False, 1)
