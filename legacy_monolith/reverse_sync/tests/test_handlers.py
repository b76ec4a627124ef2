"""The `legacy-reverse-sync` consumer: service events into the legacy tables, with no echo."""

import uuid

import pytest
import responses
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from acl.ids import Kind, legacy_uuid
from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import ProductFactory
from legacy_monolith.reverse_sync.handlers import reverse_sync
from legacy_monolith.reverse_sync.models import LegacyIdPair
from messaging.envelope import Event, now_rfc3339
from messaging.inbox import apply_once
from messaging.models import InboxMessage, OutboxEvent

pytestmark = pytest.mark.django_db
User = get_user_model()
USERS_URL = "http://users.test"
SERVICE_URLS = {
    "users": USERS_URL,
    "products": "http://products.test",
    "orders": "http://orders.test",
}


def service_event(event_type, data):
    return Event(
        id=str(uuid.uuid4()),
        type=event_type,
        source="/" + event_type.split(".")[0],
        subject=data["id"],
        sequence=1,
        time=now_rfc3339(),
        data=data,
    )


def deliver(event):
    return apply_once(consumer=reverse_sync, event=event, handler=reverse_sync.handlers[event.type])


def registered(**changes):
    return {
        "id": str(uuid.uuid4()),
        "legacy_id": None,
        "username": "ada",
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone": "",
        "address": None,
        "newsletter": False,
        "active": True,
        "password_hash": "md5$abc$0123456789abcdef0123456789abcdef",
        "joined_at": "2025-01-10T09:00:00Z",
        "last_login_at": None,
        "updated_at": "2025-01-10T09:00:00Z",
        **changes,
    }


def test_the_consumer_handles_the_services_entity_events_but_not_rejections():
    types = reverse_sync.event_types
    assert "orders.order.rejected.v1" not in types
    assert {
        "users.customer.registered.v1",
        "users.customer.updated.v1",
        "products.category.created.v1",
        "products.product.stock_changed.v1",
        "orders.order.placed.v1",
        "orders.order.delivered.v1",
    } <= set(types)


@override_settings(SERVICE_URLS=SERVICE_URLS)
@responses.activate
def test_a_registered_customer_is_inserted_once_and_the_users_service_told_after_commit(
    django_capture_on_commit_callbacks,
):
    customer = registered()
    link = responses.put(
        f"{USERS_URL}/api/v1/customers/{customer['id']}/legacy-id/",
        json={**customer, "legacy_id": 1},
    )
    event = service_event("users.customer.registered.v1", customer)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert deliver(event) is True
        assert link.call_count == 0  # nothing is told before the legacy row commits
    assert deliver(event) is False

    user = User.objects.get(username="ada")
    assert len(callbacks) == 1 and link.call_count == 1
    assert link.calls[0].request.body == f'{{"legacy_id": {user.pk}}}'.encode()
    pair = LegacyIdPair.objects.get()
    assert (pair.kind, pair.uuid, pair.legacy_id) == (
        "customer",
        uuid.UUID(customer["id"]),
        user.pk,
    )
    assert pair.linked_dt is not None


@override_settings(SERVICE_URLS=SERVICE_URLS)
@responses.activate
def test_a_link_the_service_missed_is_kept_and_sent_by_the_command(
    django_capture_on_commit_callbacks,
):
    customer = registered()
    url = f"{USERS_URL}/api/v1/customers/{customer['id']}/legacy-id/"
    responses.put(url, status=503, json={"title": "down"})

    with django_capture_on_commit_callbacks(execute=True):
        deliver(service_event("users.customer.registered.v1", customer))

    assert LegacyIdPair.objects.get().linked_dt is None
    with pytest.raises(CommandError, match="1 could not be sent"):
        call_command("reverse_sync_links")

    responses.replace(responses.PUT, url, json={**customer, "legacy_id": 1})
    call_command("reverse_sync_links")
    assert LegacyIdPair.objects.get().linked_dt is not None


def test_a_service_write_reaches_the_legacy_table_and_records_no_legacy_event():
    product = ProductFactory(prod_code="TEA-1", qty_on_hand=10)
    # Control: an ordinary legacy write does record its change event.
    assert OutboxEvent.objects.filter(type="legacy.catalogue.product.changed.v1").exists()
    OutboxEvent.objects.all().delete()
    changed = {
        "id": str(legacy_uuid(Kind.PRODUCT, product.pk)),
        "legacy_id": product.pk,
        "sku": "TEA-1",
        "name": "Teapot, renamed by the products service",
        "description": "",
        "price": {"amount": "15.00", "currency": "GBP"},
        "stock": 3,
        "category_id": str(legacy_uuid(Kind.CATEGORY, product.cat_id)),
        "category_legacy_id": product.cat_id,
        "active": True,
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2099-01-01T00:00:00Z",
        "changed": ["name", "price"],
    }

    deliver(service_event("products.product.updated.v1", changed))

    row = Product.objects.get(pk=product.pk)
    assert (row.prod_name, row.price_cents, row.qty_on_hand) == (
        "Teapot, renamed by the products service",
        1500,
        3,
    )
    assert InboxMessage.objects.filter(consumer="legacy-reverse-sync").count() == 1
    assert not OutboxEvent.objects.exists()
