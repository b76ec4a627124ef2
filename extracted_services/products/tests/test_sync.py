"""Categories and products copied from the legacy shop: silent, forward only, idempotent."""

from datetime import datetime
from decimal import Decimal

import pytest

from acl.ids import Kind, legacy_uuid
from acl.products import category_from_legacy, product_from_legacy
from extracted_services.products.catalogue.models import Category, Product
from extracted_services.products.catalogue.services import CatalogueConflict
from extracted_services.products.catalogue.sync import (
    CatalogueIds,
    LegacyCopyInvalid,
    category_apply_from_legacy,
    category_link_legacy_id,
    category_remove_from_legacy,
    product_apply_from_legacy,
    product_link_legacy_id,
    product_remove_from_legacy,
)
from extracted_services.products.tests.factories import CategoryFactory, ProductFactory
from messaging.models import OutboxEvent

pytestmark = pytest.mark.django_db

CATEGORY_ROW = {
    "id": 3,
    "cat_name": "Teaware",
    "slug": "teaware",
    "visible_yn": "Y",
    "sort_order": 2,
}


def product_row(**changes):
    return {
        "id": 7,
        "prod_code": "TEA-007",
        "prod_name": "Teapot",
        "descr": "Holds tea.",
        "price_cents": 1299,
        "qty_on_hand": 10,
        "cat_id": 3,
        "active_yn": "Y",
        "created_dt": datetime(2024, 1, 15, 9, 0),
        "modified_dt": datetime(2024, 7, 1, 12, 30),
        **changes,
    }


def copy_category(**changes):
    return category_apply_from_legacy(
        category=category_from_legacy(row={**CATEGORY_ROW, **changes}, ids=CatalogueIds())
    )


def copy_product(**changes):
    return product_apply_from_legacy(
        product=product_from_legacy(row=product_row(**changes), ids=CatalogueIds())
    )


def test_a_legacy_category_and_product_are_created_without_recording_events():
    category, created = copy_category()
    product, product_created = copy_product()

    assert created and product_created
    assert category.id == legacy_uuid(Kind.CATEGORY, 3)
    stored = Product.objects.select_related("category").get(pk=legacy_uuid(Kind.PRODUCT, 7))
    assert stored == product
    assert (stored.sku, stored.name, stored.description) == ("TEA-007", "Teapot", "Holds tea.")
    assert (stored.price_amount, stored.currency, stored.stock) == (Decimal("12.99"), "GBP", 10)
    assert stored.category.slug == "teaware" and stored.legacy_id == 7
    # July: British Summer Time, one hour ahead of UTC.
    assert stored.updated_at.isoformat() == "2024-07-01T11:30:00+00:00"
    assert not OutboxEvent.objects.exists()


def test_applying_the_same_copy_twice_changes_nothing_the_second_time():
    copy_category()
    copy_product()

    assert copy_category()[1] is False
    assert copy_product()[1] is False
    assert Product.objects.count() == 1 and Category.objects.count() == 1


def test_a_newer_copy_updates_and_an_older_copy_is_skipped():
    copy_category()
    copy_product()

    product, changed = copy_product(price_cents=1499, modified_dt=datetime(2024, 7, 2, 8, 0))
    assert changed and product.price_amount == Decimal("14.99")

    _stale, changed = copy_product(price_cents=999, qty_on_hand=1)
    assert changed is False
    stored = Product.objects.get(pk=product.pk)
    assert (stored.price_amount, stored.stock) == (Decimal("14.99"), 10)
    assert not OutboxEvent.objects.exists()


def test_a_category_copy_always_applies_since_the_legacy_table_has_no_modified_time():
    copy_category()
    category, changed = copy_category(cat_name="Tea things", visible_yn="N")

    assert changed
    assert Category.objects.get(pk=category.pk).name == "Tea things"
    assert Category.objects.get(pk=category.pk).visible is False


def test_a_product_whose_category_is_not_copied_yet_is_refused_naming_it():
    with pytest.raises(LegacyCopyInvalid) as caught:
        copy_product()

    assert "copy the categories first" in caught.value.errors["category_id"][0]
    assert not Product.objects.exists()


def test_a_sku_held_by_another_product_is_a_conflict_that_changes_nothing():
    copy_category()
    ProductFactory(sku="TEA-007", legacy_id=99)

    with pytest.raises(CatalogueConflict) as caught:
        copy_product()

    assert "sku" in caught.value.errors
    assert Product.objects.count() == 1


def test_a_malformed_copy_names_the_field():
    copy_category()
    copy = product_from_legacy(row=product_row(), ids=CatalogueIds())

    with pytest.raises(LegacyCopyInvalid) as caught:
        product_apply_from_legacy(product={**copy, "price": {"amount": "1.001", "currency": "GBP"}})

    assert list(caught.value.errors) == ["price"]
    assert "fraction of a cent" in caught.value.errors["price"][0]


def test_legacy_events_of_a_product_born_here_land_on_it_once_it_has_its_legacy_id():
    category, _ = copy_category()
    born_here = ProductFactory(legacy_id=None, sku="NEW-1", category=category)

    product_link_legacy_id(product_id=born_here.id, legacy_id=7)
    product, created = copy_product(prod_code="NEW-1", modified_dt=datetime(2030, 1, 1))

    assert product.pk == born_here.pk and created
    assert Product.objects.count() == 1
    assert Product.objects.get(pk=born_here.pk).name == "Teapot"


def test_linking_a_legacy_id_records_one_updated_event_and_repeating_it_is_a_no_op():
    category = CategoryFactory(legacy_id=None)
    product = ProductFactory(legacy_id=None, category=category)

    category_link_legacy_id(category_id=category.id, legacy_id=40)
    product_link_legacy_id(product_id=product.id, legacy_id=41)
    product_link_legacy_id(product_id=product.id, legacy_id=41)

    assert Category.objects.get(pk=category.pk).legacy_id == 40
    assert Product.objects.get(pk=product.pk).legacy_id == 41
    events = list(OutboxEvent.objects.order_by("id").values_list("type", "data"))
    assert [(t, d["changed"], d["legacy_id"]) for t, d in events] == [
        ("products.category.updated.v1", ["legacy_id"], 40),
        ("products.product.updated.v1", ["legacy_id"], 41),
    ]


def test_linking_a_taken_or_different_legacy_id_is_refused():
    ProductFactory(legacy_id=41)
    product = ProductFactory(legacy_id=None)

    with pytest.raises(CatalogueConflict, match="already belongs to another product"):
        product_link_legacy_id(product_id=product.id, legacy_id=41)
    product_link_legacy_id(product_id=product.id, legacy_id=42)
    with pytest.raises(CatalogueConflict, match="already has legacy id 42"):
        product_link_legacy_id(product_id=product.id, legacy_id=43)


def test_deleting_follows_the_legacy_shop_unless_something_here_still_needs_the_row():
    copy_category()
    copy_product()
    kept = CategoryFactory(legacy_id=50)
    ProductFactory(category=kept)

    assert product_remove_from_legacy(legacy_id=7) is True
    assert category_remove_from_legacy(legacy_id=3) is True
    assert category_remove_from_legacy(legacy_id=50) is False
    assert product_remove_from_legacy(legacy_id=7) is False  # already gone: a repeat is harmless

    assert not Product.objects.filter(legacy_id=7).exists()
    assert not Category.objects.filter(legacy_id=3).exists()
    assert Category.objects.get(legacy_id=50).visible is False
