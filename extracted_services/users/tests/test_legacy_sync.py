"""The `users-legacy-sync` consumer and the legacy-id endpoint reverse sync calls."""

import uuid

import pytest

from acl.ids import Kind, legacy_uuid
from extracted_services.service_defaults.testing import client_as, staff_identity
from extracted_services.users.customers.handlers import legacy_sync
from extracted_services.users.customers.models import Customer
from extracted_services.users.tests.factories import CustomerFactory
from messaging.envelope import Event, now_rfc3339
from messaging.inbox import apply_once
from messaging.models import InboxMessage, OutboxEvent

pytestmark = pytest.mark.django_db

CHANGED = "legacy.customers.customer.changed.v1"
DELETED = "legacy.customers.customer.deleted.v1"
CUSTOMER_PAYLOAD = {
    "user": {
        "id": 12,
        "username": "grace",
        "email": "grace@example.com",
        "first_name": "Grace",
        "last_name": "Hopper",
        "password": "md5$salt$0123456789abcdef0123456789abcdef",
        "is_active": True,
        "date_joined": "2023-02-01T10:00:00",
        "last_login": "2024-10-27T01:30:00.250000",
    },
    "profile": {
        "user_id": 12,
        "phone_no": "020 7946 0012",
        "addr": "somewhere, anywhere",
        "newsletter_yn": "N",
        "modified_dt": "2024-06-01T09:30:00",
    },
}


def feed_event(event_type, data, *, sequence=1):
    """A legacy change-feed event as the monolith's relay publishes it."""
    return Event(
        id=str(uuid.uuid4()),
        type=event_type,
        source="/legacy",
        subject=str(data["user"]["id"] if "user" in data else data["id"]),
        sequence=sequence,
        time=now_rfc3339(),
        data=data,
    )


def deliver(event):
    return apply_once(consumer=legacy_sync, event=event, handler=legacy_sync.handlers[event.type])


def test_the_consumer_handles_the_customer_feed():
    assert legacy_sync.event_types == [CHANGED, DELETED]


def test_a_legacy_change_event_creates_the_customer_once_and_records_no_event():
    event = feed_event(CHANGED, CUSTOMER_PAYLOAD)

    assert deliver(event) is True
    assert deliver(event) is False  # redelivered: the inbox skips it

    customer = Customer.objects.get()
    assert customer.id == legacy_uuid(Kind.CUSTOMER, 12)
    assert customer.address == {"unparsed": "somewhere, anywhere"}
    # The first 01:30 of the day the clocks went back is still summer time.
    assert customer.last_login_at.isoformat() == "2024-10-27T00:30:00.250000+00:00"
    assert InboxMessage.objects.filter(consumer="users-legacy-sync").count() == 1
    assert not OutboxEvent.objects.exists()


def test_a_legacy_delete_event_deletes_the_customer():
    deliver(feed_event(CHANGED, CUSTOMER_PAYLOAD))

    deliver(feed_event(DELETED, {"id": 12}, sequence=2))

    assert not Customer.objects.exists()


def test_a_malformed_event_fails_naming_the_field_and_leaves_no_inbox_row():
    bad = {**CUSTOMER_PAYLOAD, "user": {**CUSTOMER_PAYLOAD["user"], "date_joined": "yesterday"}}

    with pytest.raises(ValueError, match=r"customer\.user\.date_joined"):
        deliver(feed_event(CHANGED, bad))

    assert not InboxMessage.objects.exists()
    assert not Customer.objects.exists()


def _link(client, customer_id, body):
    return client.put(f"/api/v1/customers/{customer_id}/legacy-id/", body, format="json")


def test_a_service_links_a_customer_registered_here_to_its_legacy_id(service_client):
    customer = CustomerFactory(legacy_id=None)

    response = _link(service_client, customer.id, {"legacy_id": 812})
    repeated = _link(service_client, customer.id, {"legacy_id": 812})

    assert response.status_code == 200 and repeated.status_code == 200
    assert response.json()["legacy_id"] == 812
    assert Customer.objects.get(pk=customer.pk).legacy_id == 812
    assert OutboxEvent.objects.filter(type="users.customer.updated.v1").count() == 1


def test_linking_answers_409_404_400_and_403_for_what_it_cannot_do(service_client):
    CustomerFactory(legacy_id=812)
    customer = CustomerFactory(legacy_id=None)

    taken = _link(service_client, customer.id, {"legacy_id": 812})
    unknown = _link(service_client, uuid.uuid4(), {"legacy_id": 9})
    invalid = _link(service_client, customer.id, {"legacy_id": 0})
    by_staff = _link(client_as(staff_identity()), customer.id, {"legacy_id": 9})

    assert taken.status_code == 409
    assert taken["Content-Type"] == "application/problem+json"
    assert "already belongs to another customer" in taken.json()["detail"]
    assert unknown.status_code == 404
    assert invalid.status_code == 400 and "legacy_id" in invalid.json()["errors"]
    assert by_staff.status_code == 403
    assert Customer.objects.get(pk=customer.pk).legacy_id is None
