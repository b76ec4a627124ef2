"""The embedded default: the same relay, consumer and dead-letter tools on the filesystem broker."""

import pytest

from messaging import broker
from messaging.dlq import list_dead_letters, redrive
from messaging.models import OutboxEvent, OutboxStatus
from messaging.publishers import EmbeddedPublisher, Outgoing, publisher_for
from messaging.relay import Relay
from messaging.tests.testapp.events import AUDITED, account_audit, account_credit, account_open
from messaging.tests.testapp.handlers import audit, projection
from messaging.tests.testapp.models import AppliedEvent, Fault, Projection
from messaging.topology import declare

from .conftest import consume

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def embedded(settings, messaging_settings, tmp_path):
    settings.MESSAGING = {
        **messaging_settings,
        "BROKER_URL": "filesystem://",
        "BROKER_TRANSPORT_OPTIONS": {
            "data_folder_in": str(tmp_path / "messages"),
            "data_folder_out": str(tmp_path / "messages"),
            "control_folder": str(tmp_path / "control"),
            "polling_interval": 0.02,
        },
    }
    with broker.connection() as connection:
        declare(connection, [projection, audit])
    return tmp_path


def test_events_flow_from_outbox_to_handler_in_order(embedded):
    account = account_open(name="Ada")
    for amount in range(1, 31):
        account_credit(account_id=account.pk, amount=amount)
    publisher = publisher_for()
    assert isinstance(publisher, EmbeddedPublisher)

    result = Relay(publisher).drain()
    runner = consume(projection, expect=31)

    assert result.published == 31
    assert runner.counts == {"applied": 31}
    assert list(AppliedEvent.objects.order_by("id").values_list("sequence", flat=True)) == list(
        range(1, 32)
    )
    assert Projection.objects.get().balance == sum(range(1, 31))
    assert not OutboxEvent.objects.exclude(status=OutboxStatus.PUBLISHED).exists()


def test_messages_written_within_one_millisecond_keep_their_order(embedded):
    publisher = EmbeddedPublisher()
    bodies = [f'{{"n": {n}}}'.encode() for n in range(300)]
    publisher.publish(
        [
            Outgoing(
                body=body, exchange="", routing_key="ordering-probe", message_id=str(n), type="t"
            )
            for n, body in enumerate(bodies)
        ]
    )
    received = []
    with broker.connection() as connection:
        queue = connection.SimpleQueue("ordering-probe")
        for _ in bodies:
            message = queue.get(timeout=2)
            received.append(message.properties["message_id"])
            message.ack()
        queue.close()

    assert received == [str(n) for n in range(300)]


def test_dead_lettering_and_redrive_work_without_broker_support(embedded):
    Fault.objects.create(event_type=AUDITED, message="rejected")
    account_audit(account_id=3)
    Relay(publisher_for()).drain()

    assert consume(audit, expect=1).counts == {"dead_lettered": 1}
    (letter,) = list_dead_letters(audit)
    assert letter.error == "RuntimeError: rejected"

    Fault.objects.all().delete()
    redrive(audit)

    assert consume(audit, expect=1).counts == {"applied": 1}
    assert list_dead_letters(audit) == []


def test_without_folder_options_every_process_shares_the_embedded_broker_dir(
    settings, messaging_settings, tmp_path
):
    settings.MESSAGING = {
        **messaging_settings,
        "BROKER_URL": "filesystem://",
        "BROKER_TRANSPORT_OPTIONS": {},
        "EMBEDDED_BROKER_DIR": str(tmp_path / "shared"),
    }
    with broker.connection() as writer, broker.connection() as reader:
        assert writer.transport_options["data_folder_in"] == str(tmp_path / "shared" / "messages")
        assert (
            writer.transport_options["data_folder_out"]
            == writer.transport_options["data_folder_in"]
        )
        writer.SimpleQueue("shared-probe").put(b"hello", serializer=None, content_type="text/plain")
        message = reader.SimpleQueue("shared-probe").get(timeout=2)

    assert message.body == b"hello"
