"""Categories and products in the change feed: saves, SQL updates, bulk writes and the admin."""

import pytest
from django.db.models import F
from django.urls import reverse

from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.catalogue.services import product_restock
from legacy_monolith.events.schemas import (
    CATEGORY_CHANGED,
    CATEGORY_DELETED,
    PRODUCT_CHANGED,
    PRODUCT_DELETED,
)
from legacy_monolith.factories import CategoryFactory, ProductFactory

from .support import forget_recorded, recorded, translated, types_and_subjects

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PRODUCTS = reverse("admin:catalogue_product_changelist")


def _act(client, action: str, products, **extra):
    data = {"action": action, "_selected_action": [p.pk for p in products], **extra}
    return client.post(PRODUCTS, data)


def test_creating_a_product_records_its_category_then_the_product_as_stored():
    product = ProductFactory(prod_code="MUG-1", prod_name="Enamel Mug", price_cents=899)
    stored = Product.objects.get(pk=product.pk)

    events = recorded()
    assert [(e.type, e.subject) for e in events] == [
        (CATEGORY_CHANGED, str(product.cat_id)),
        (PRODUCT_CHANGED, str(product.pk)),
    ]
    assert events[1].data == {
        "id": product.pk,
        "prod_code": "MUG-1",
        "prod_name": "Enamel Mug",
        "descr": stored.descr,
        "price_cents": 899,
        "qty_on_hand": 10,
        "cat_id": product.cat_id,
        "active_yn": "Y",
        "created_dt": stored.created_dt.isoformat(),
        "modified_dt": stored.modified_dt.isoformat(),
    }
    clean = translated(events[1])
    assert (clean["sku"], clean["price"], clean["category_legacy_id"]) == (
        "MUG-1",
        {"amount": "8.99", "currency": "GBP"},
        product.cat_id,
    )
    assert translated(events[0])["slug"] == product.cat.slug


def test_a_stock_change_made_in_sql_records_the_stock_the_row_now_holds():
    product = ProductFactory(qty_on_hand=4)
    forget_recorded()

    product_restock(product_id=product.pk, quantity=3)

    events = recorded()
    assert [(e.type, e.subject, e.data["qty_on_hand"]) for e in events] == [
        (PRODUCT_CHANGED, str(product.pk), 7)
    ]
    assert translated(events[0])["stock"] == 7


def test_queryset_update_records_one_event_per_row_it_changed():
    mug, lamp = ProductFactory(qty_on_hand=5), ProductFactory(qty_on_hand=6)
    untouched = ProductFactory(qty_on_hand=0)
    forget_recorded()

    count = Product.objects.filter(qty_on_hand__gt=0).update(qty_on_hand=F("qty_on_hand") - 1)

    assert count == 2
    assert [(e.subject, e.data["qty_on_hand"]) for e in recorded()] == [
        (str(mug.pk), 4),
        (str(lamp.pk), 5),
    ]
    assert Product.objects.get(pk=untouched.pk).qty_on_hand == 0


def test_bulk_create_and_bulk_update_record_an_event_per_product():
    category = CategoryFactory()
    forget_recorded()

    created = Product.objects.bulk_create(
        [
            Product(prod_code="A-1", prod_name="Anvil", price_cents=100, cat=category),
            Product(prod_code="B-1", prod_name="Bucket", price_cents=200, cat=category),
        ]
    )
    for product in created:
        product.price_cents += 50
    Product.objects.bulk_update(created, ["price_cents"])

    assert [(e.type, e.subject, e.data["price_cents"]) for e in recorded()] == [
        (PRODUCT_CHANGED, str(created[0].pk), 100),
        (PRODUCT_CHANGED, str(created[1].pk), 200),
        (PRODUCT_CHANGED, str(created[0].pk), 150),
        (PRODUCT_CHANGED, str(created[1].pk), 250),
    ]


def test_deletes_record_deleted_events_with_the_legacy_id():
    product = ProductFactory()
    product_id, category_id = product.pk, product.cat_id
    spare = CategoryFactory()
    forget_recorded()

    product.delete()
    Category.objects.filter(pk__in=[category_id, spare.pk]).delete()

    events = recorded()
    assert [(e.type, e.subject) for e in events[:1]] == [(PRODUCT_DELETED, str(product_id))]
    assert sorted((e.type, translated(e)) for e in events[1:]) == sorted(
        [(CATEGORY_DELETED, category_id), (CATEGORY_DELETED, spare.pk)]
    )
    assert translated(events[0]) == product_id
    assert not Category.objects.filter(pk__in=[category_id, spare.pk]).exists()


def test_admin_deactivate_and_activate_record_only_the_products_they_changed(admin_client):
    on_sale, off_sale = ProductFactory(active_yn="Y"), ProductFactory(active_yn="N")
    forget_recorded()

    _act(admin_client, "deactivate", [on_sale, off_sale])
    deactivated = recorded()
    forget_recorded()
    _act(admin_client, "activate", [on_sale, off_sale])

    assert [(e.subject, translated(e)["active"]) for e in deactivated] == [(str(on_sale.pk), False)]
    assert sorted((e.subject, translated(e)["active"]) for e in recorded()) == sorted(
        [(str(on_sale.pk), True), (str(off_sale.pk), True)]
    )


def test_admin_restock_records_each_product_with_its_new_stock(admin_client):
    low, empty = ProductFactory(qty_on_hand=4), ProductFactory(qty_on_hand=0)
    forget_recorded()

    response = _act(admin_client, "restock", [low, empty], apply="Restock", quantity="25")

    assert response.status_code == 302
    stock = {e.subject: translated(e)["stock"] for e in recorded()}
    assert stock == {str(low.pk): 29, str(empty.pk): 25}
    assert [e.type for e in recorded()] == [PRODUCT_CHANGED, PRODUCT_CHANGED]


def test_an_admin_change_form_edit_records_one_event_with_the_new_values(admin_client):
    product = ProductFactory(prod_name="Enamel Mug", price_cents=899)
    forget_recorded()

    response = admin_client.post(
        reverse("admin:catalogue_product_change", args=[product.pk]),
        {
            "prod_code": product.prod_code,
            "prod_name": "Enamel Mug, large",
            "cat": product.cat_id,
            "descr": product.descr,
            "price_cents": "999",
            "qty_on_hand": str(product.qty_on_hand),
            "active_yn": "Y",
        },
    )

    assert response.status_code == 302
    assert types_and_subjects() == [(PRODUCT_CHANGED, str(product.pk))]
    clean = translated(recorded()[0])
    assert (clean["name"], clean["price"]["amount"]) == ("Enamel Mug, large", "9.99")


def test_an_admin_category_edit_records_the_category(admin_client):
    category = CategoryFactory(cat_name="Kitchen", slug="kitchen")
    forget_recorded()

    response = admin_client.post(
        reverse("admin:catalogue_category_change", args=[category.pk]),
        {"cat_name": "Kitchen & Dining", "slug": "kitchen", "visible_yn": "N", "sort_order": "3"},
    )

    assert response.status_code == 302
    events = recorded()
    assert [(e.type, e.subject) for e in events] == [(CATEGORY_CHANGED, str(category.pk))]
    assert {k: translated(events[0])[k] for k in ("name", "visible", "sort_order")} == {
        "name": "Kitchen & Dining",
        "visible": False,
        "sort_order": 3,
    }


def test_an_admin_bulk_delete_of_categories_records_each_deleted(admin_client):
    empty, spare = CategoryFactory(), CategoryFactory()
    forget_recorded()

    response = admin_client.post(
        reverse("admin:catalogue_category_changelist"),
        {"action": "delete_selected", "_selected_action": [empty.pk, spare.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert sorted((e.type, translated(e)) for e in recorded()) == sorted(
        [(CATEGORY_DELETED, empty.pk), (CATEGORY_DELETED, spare.pk)]
    )
    assert not Category.objects.filter(pk__in=[empty.pk, spare.pk]).exists()
