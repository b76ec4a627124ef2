"""Operator commands: clear output for each outcome and a clear error for bad input."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from messaging.models import InboxMessage, OutboxEvent, OutboxStatus
from messaging.outbox import NewEvent, record_events
from messaging.tests.testapp.events import CREDITED, OPENED, account_open
from messaging.tests.testapp.handlers import projection

from .conftest import queue_depth

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def credits(*accounts: int) -> list[OutboxEvent]:
    with transaction.atomic():
        return record_events(
            [NewEvent(CREDITED, a, {"account_id": a, "amount": 1}) for a in accounts]
        )


def test_status_shows_backlog_oldest_age_and_failures():
    stuck, waiting, _ = credits(1, 2, 3)
    OutboxEvent.objects.filter(pk=stuck.pk).update(
        status=OutboxStatus.FAILED, attempts=10, last_error="gave up after 10 attempts: nack"
    )
    OutboxEvent.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(minutes=5), attempts=2, last_error="nack"
    )

    output = run("messaging_status")

    assert "pending 2 (retrying 1), failed 1, published 0" in output
    assert "oldest pending: 30" in output  # about 300 seconds old
    assert f"pending {CREDITED}: 2" in output
    assert f"[failed] {stuck.event_id} {CREDITED} subject=1 seq=1 attempts=10: gave up" in output
    assert "run messaging_retry_failed" in output
    report = json.loads(run("messaging_status", "--json"))
    assert (report["pending"], report["failed"], report["retrying"]) == (2, 1, 1)


def test_retry_failed_puts_failed_events_back_and_refuses_vague_requests():
    failed, _ = credits(1, 2)
    OutboxEvent.objects.update(status=OutboxStatus.FAILED, attempts=10)

    with pytest.raises(CommandError, match="--all"):
        run("messaging_retry_failed")
    with pytest.raises(CommandError, match="'nope' is not an event id"):
        run("messaging_retry_failed", "nope")

    assert "1 failed events queued again" in run("messaging_retry_failed", str(failed.event_id))
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxStatus.PENDING, 0)
    assert "1 failed events queued again" in run("messaging_retry_failed", "--all")
    assert not OutboxEvent.objects.filter(status=OutboxStatus.FAILED).exists()


def test_purge_deletes_only_published_events_past_retention():
    old, recent, unpublished = credits(1, 2, 3)
    OutboxEvent.objects.filter(pk__in=[old.pk, recent.pk]).update(status=OutboxStatus.PUBLISHED)
    OutboxEvent.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=8))
    OutboxEvent.objects.filter(pk=recent.pk).update(published_at=timezone.now())
    InboxMessage.objects.create(
        consumer="c",
        event_id="e1",
        type=CREDITED,
        subject="1",
        received_at=timezone.now() - timedelta(days=30),
    )

    output = run("messaging_purge", "--older-than-days", "7", "--inbox")

    assert "deleted 1 published outbox events older than 7 days" in output
    assert "deleted 1 inbox rows older than 7 days" in output
    assert set(OutboxEvent.objects.values_list("pk", flat=True)) == {recent.pk, unpublished.pk}
    with pytest.raises(CommandError, match="zero or more"):
        run("messaging_purge", "--older-than-days", "-1")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--all to replay everything"),
        (("--since", "yesterday"), "--since 'yesterday' is not a date"),
        (("--since", "2025-02-01", "--until", "2025-01-01"), "--since must be before --until"),
        (("--aggregate-id", "5"), "--aggregate-id needs --aggregate-type"),
    ],
)
def test_replay_explains_what_is_wrong_with_its_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        run("messaging_replay", *args)


def test_replay_dry_run_counts_the_selection():
    events = credits(1, 2, 2)
    OutboxEvent.objects.filter(pk__in=[e.pk for e in events[1:]]).update(
        status=OutboxStatus.PUBLISHED
    )

    output = run(
        "messaging_replay",
        "--aggregate-type",
        "testapp.account",
        "--aggregate-id",
        "2",
        "--dry-run",
    )

    assert output.strip() == "2 events would be replayed"


@pytest.mark.rabbitmq
@pytest.mark.django_db(transaction=True)
def test_replay_sends_the_selection_to_one_queue(rabbit, relay):
    from messaging.topology import declare

    declare(rabbit, [projection])
    account_open(name="Ada")
    relay.drain()

    output = run("messaging_replay", "--type", OPENED, "--queue", projection.queue)

    assert f"replayed 1 events to queue {projection.queue}" in output
    assert queue_depth(rabbit, projection.queue) == 2


@pytest.mark.rabbitmq
def test_topology_declares_every_consumer(rabbit):
    output = run("messaging_topology")

    assert f"declared queue {projection.queue}" in output
    assert "topology ready" in output
    assert queue_depth(rabbit, projection.dead_letter_queue) == 0


def test_an_unknown_consumer_is_refused_with_the_known_ones(messaging_settings):
    for command in (("messaging_topology", "nobody"), ("messaging_dlq", "list", "nobody")):
        with pytest.raises(CommandError, match=r"no consumer called 'nobody'.*testapp-projection"):
            run(*command)
    with pytest.raises(CommandError, match="no consumer called"):
        run("messaging_consume", "nobody")


def test_an_unreachable_broker_is_reported_not_raised(settings, messaging_settings):
    settings.MESSAGING = {
        **messaging_settings,
        "BROKER_URL": "amqp://guest:guest@127.0.0.1:1//",
        "CONNECT_TIMEOUT": 0.5,
    }

    with pytest.raises(CommandError, match="cannot reach the broker"):
        run("messaging_topology")
    with pytest.raises(CommandError, match="cannot reach the broker"):
        run("messaging_dlq", "list", projection.name)


def test_the_catalogue_lists_each_type_with_owner_and_fields():
    output = run("messaging_catalogue")

    assert f"| `{CREDITED}` | 1 | testapp.account | testapp | `account_id`, `amount` |" in output
    types = {row["type"] for row in json.loads(run("messaging_catalogue", "--format", "json"))}
    assert {OPENED, CREDITED} <= types


@pytest.mark.rabbitmq
@pytest.mark.django_db(transaction=True)
def test_the_relay_command_drains_the_outbox(rabbit):
    from messaging.topology import declare

    declare(rabbit, [projection])
    account_open(name="Ada")

    output = run("messaging_relay", "--once")

    assert output.strip() == "published 1, retrying 0, failed 0, waiting behind earlier events 0"
    assert queue_depth(rabbit, projection.queue) == 1
    assert not OutboxEvent.objects.exclude(status=OutboxStatus.PUBLISHED).exists()


def test_the_relay_command_reports_an_unreachable_broker(settings, messaging_settings):
    settings.MESSAGING = {
        **messaging_settings,
        "BROKER_URL": "amqp://guest:guest@127.0.0.1:1//",
        "CONNECT_TIMEOUT": 0.5,
    }
    credits(1)

    with pytest.raises(CommandError, match="broker unavailable: cannot reach the broker"):
        run("messaging_relay", "--once")
    assert OutboxEvent.objects.get().status == OutboxStatus.PENDING
