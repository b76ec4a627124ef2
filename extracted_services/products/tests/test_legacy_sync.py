"""The `products-legacy-sync` consumer and the legacy-id endpoints reverse sync calls."""

import uuid
from decimal import Decimal

import pytest

from acl.ids import Kind, legacy_uuid
from extracted_services.products.catalogue.handlers import legacy_sync
from extracted_services.products.catalogue.models import Category, Product
from extracted_services.products.tests.factories import CategoryFactory, ProductFactory
from extracted_services.service_defaults.testing import client_as, staff_identity
from messaging.envelope import Event, now_rfc3339
from messaging.inbox import apply_once
from messaging.models import InboxMessage, OutboxEvent

pytestmark = pytest.mark.django_db

CATEGORY = {"id": 3, "cat_name": "Teaware", "slug": "teaware", "visible_yn": "Y", "sort_order": 1}
PRODUCT = {
    "id": 7,
    "prod_code": "TEA-007",
    "prod_name": "Teapot",
    "descr": "Holds tea.",
    "price_cents": 1299,
    "qty_on_hand": 10,
    "cat_id": 3,
    "active_yn": "Y",
    "created_dt": "2024-01-15T09:00:00",
    "modified_dt": "2024-07-01T12:30:00.123456",
}


def deliver(event_type, data):
    event = Event(
        id=str(uuid.uuid4()),
        type=event_type,
        source="/legacy",
        subject=str(data["id"]),
        sequence=1,
        time=now_rfc3339(),
        data=data,
    )
    return apply_once(consumer=legacy_sync, event=event, handler=legacy_sync.handlers[event.type])


def test_the_consumer_handles_the_catalogue_feed():
    assert legacy_sync.event_types == [
        "legacy.catalogue.category.changed.v1",
        "legacy.catalogue.category.deleted.v1",
        "legacy.catalogue.product.changed.v1",
        "legacy.catalogue.product.deleted.v1",
    ]


def test_legacy_change_events_create_the_category_and_product_without_recording_events():
    deliver("legacy.catalogue.category.changed.v1", CATEGORY)
    deliver("legacy.catalogue.product.changed.v1", PRODUCT)

    product = Product.objects.select_related("category").get()
    assert product.id == legacy_uuid(Kind.PRODUCT, 7)
    assert product.category.id == legacy_uuid(Kind.CATEGORY, 3)
    assert (product.price_amount, product.stock) == (Decimal("12.99"), 10)
    assert product.updated_at.isoformat() == "2024-07-01T11:30:00.123456+00:00"
    assert InboxMessage.objects.filter(consumer="products-legacy-sync").count() == 2
    assert not OutboxEvent.objects.exists()


def test_a_late_older_product_event_does_not_roll_the_product_back():
    deliver("legacy.catalogue.category.changed.v1", CATEGORY)
    deliver("legacy.catalogue.product.changed.v1", {**PRODUCT, "prod_name": "Teapot, large"})

    deliver(
        "legacy.catalogue.product.changed.v1",
        {**PRODUCT, "prod_name": "Teapot, small", "modified_dt": "2024-06-30T08:00:00"},
    )

    assert Product.objects.get().name == "Teapot, large"


def test_legacy_delete_events_delete_the_product_then_the_category():
    deliver("legacy.catalogue.category.changed.v1", CATEGORY)
    deliver("legacy.catalogue.product.changed.v1", PRODUCT)

    deliver("legacy.catalogue.product.deleted.v1", {"id": 7})
    deliver("legacy.catalogue.category.deleted.v1", {"id": 3})

    assert not Product.objects.exists() and not Category.objects.exists()


def test_a_product_event_before_its_category_fails_and_leaves_nothing_behind():
    with pytest.raises(ValueError, match="copy the categories first"):
        deliver("legacy.catalogue.product.changed.v1", PRODUCT)

    assert not InboxMessage.objects.exists() and not Product.objects.exists()


def _link(client, path, body):
    return client.put(f"/api/v1/{path}/legacy-id/", body, format="json")


def test_a_service_links_a_category_and_a_product_created_here(service_client):
    category = CategoryFactory(legacy_id=None)
    product = ProductFactory(legacy_id=None, category=category)

    category_answer = _link(service_client, f"categories/{category.id}", {"legacy_id": 30})
    product_answer = _link(service_client, f"products/{product.id}", {"legacy_id": 70})

    assert category_answer.status_code == 200 and category_answer.json()["legacy_id"] == 30
    assert product_answer.status_code == 200 and product_answer.json()["legacy_id"] == 70
    assert product_answer.json()["category_legacy_id"] == 30
    assert Product.objects.get(pk=product.pk).legacy_id == 70
    assert [e.type for e in OutboxEvent.objects.order_by("id")] == [
        "products.category.updated.v1",
        "products.product.updated.v1",
    ]


def test_linking_answers_409_404_400_and_403_for_what_it_cannot_do(service_client):
    ProductFactory(legacy_id=70)
    product = ProductFactory(legacy_id=None)

    taken = _link(service_client, f"products/{product.id}", {"legacy_id": 70})
    unknown = _link(service_client, f"categories/{uuid.uuid4()}", {"legacy_id": 9})
    invalid = _link(service_client, f"products/{product.id}", {"legacy_id": "seven"})
    by_staff = _link(client_as(staff_identity()), f"products/{product.id}", {"legacy_id": 9})

    assert taken.status_code == 409
    assert "already belongs to another product" in taken.json()["detail"]
    assert unknown.status_code == 404 and "no category" in unknown.json()["detail"]
    assert invalid.status_code == 400 and "legacy_id" in invalid.json()["errors"]
    assert by_staff.status_code == 403
    assert Product.objects.get(pk=product.pk).legacy_id is None
