"""Clean entities written into the legacy tables: inserted or updated, times kept, ids paired."""

import uuid
from datetime import datetime

import pytest
from django.contrib.auth import get_user_model

from acl.errors import UnmappedIdError
from acl.ids import Kind, legacy_uuid
from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.factories import CategoryFactory, ProductFactory, UserFactory
from legacy_monolith.orders.models import Order, OrderLine
from legacy_monolith.reverse_sync.ids import PairedIds
from legacy_monolith.reverse_sync.models import LegacyIdPair
from legacy_monolith.reverse_sync.writes import (
    ReverseSyncConflict,
    category_apply_to_legacy,
    customer_apply_to_legacy,
    order_apply_to_legacy,
    product_apply_to_legacy,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def new_customer(**changes):
    return {
        "id": str(uuid.uuid4()),
        "legacy_id": None,
        "username": "ada",
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone": "020 7946 0001",
        "address": {
            "lines": ["12 St James's Square"],
            "city": "London",
            "postcode": "SW1Y 4JH",
            "country": "GB",
        },
        "newsletter": True,
        "active": True,
        "password_hash": "md5$abc$0123456789abcdef0123456789abcdef",
        "joined_at": "2025-01-10T09:00:00Z",
        "last_login_at": None,
        "updated_at": "2025-07-01T08:00:00Z",
        **changes,
    }


def product_of(category, **changes):
    return {
        "id": str(uuid.uuid4()),
        "legacy_id": None,
        "sku": "NEW-001",
        "name": "Milk jug",
        "description": "",
        "price": {"amount": "8.50", "currency": "GBP"},
        "stock": 4,
        "category_id": str(legacy_uuid(Kind.CATEGORY, category.pk)),
        "category_legacy_id": category.pk,
        "active": True,
        "created_at": "2025-03-01T12:00:00Z",
        "updated_at": "2025-07-01T12:00:00Z",
        **changes,
    }


def test_a_customer_born_in_the_service_is_inserted_with_their_hash_and_times():
    ids = PairedIds()
    customer = new_customer()

    applied = customer_apply_to_legacy(customer=customer, ids=ids)

    user = User.objects.get(pk=applied.legacy_id)
    assert (user.username, user.email, user.password) == (
        "ada",
        "ada@example.com",
        customer["password_hash"],
    )
    assert user.is_staff is False and user.date_joined == datetime(2025, 1, 10, 9, 0)
    profile = Profile.objects.get(user=user)
    assert profile.addr == "12 St James's Square\nLondon\nSW1Y 4JH\nUnited Kingdom"
    assert profile.newsletter_yn == "Y"
    # 08:00 UTC in July is 09:00 in London; the auto_now column keeps the service's time.
    assert profile.modified_dt == datetime(2025, 7, 1, 9, 0)
    assert ids.find_legacy_id(Kind.CUSTOMER, uuid.UUID(customer["id"])) == user.pk
    assert applied.unlinked == [(Kind.CUSTOMER, uuid.UUID(customer["id"]), user.pk)]


def test_the_same_customer_again_updates_the_row_it_was_given():
    ids = PairedIds()
    customer = new_customer()
    first = customer_apply_to_legacy(customer=customer, ids=ids)

    second = customer_apply_to_legacy(
        customer={**customer, "phone": "07700 900001", "updated_at": "2025-07-02T08:00:00Z"},
        ids=ids,
    )

    assert second.legacy_id == first.legacy_id and second.written
    assert User.objects.filter(username="ada").count() == 1
    assert Profile.objects.get(user_id=first.legacy_id).phone_no == "07700 900001"
    assert LegacyIdPair.objects.count() == 1


def test_a_legacy_born_customer_is_updated_in_place_and_staff_flags_are_left_alone():
    user = UserFactory(username="grace", is_staff=True)
    customer = new_customer(
        id=str(legacy_uuid(Kind.CUSTOMER, user.pk)),
        legacy_id=user.pk,
        username="grace",
        email="grace@navy.example",
        updated_at="2099-01-01T00:00:00Z",
    )

    applied = customer_apply_to_legacy(customer=customer, ids=PairedIds())

    user.refresh_from_db()
    assert applied.unlinked == [] and applied.legacy_id == user.pk
    assert user.email == "grace@navy.example" and user.is_staff is True
    assert not LegacyIdPair.objects.exists()


def test_an_older_copy_than_the_legacy_row_is_skipped():
    user = UserFactory(username="grace")
    Profile.objects.filter(user=user).update(phone_no="111", modified_dt=datetime(2025, 7, 1, 12))
    customer = new_customer(
        id=str(legacy_uuid(Kind.CUSTOMER, user.pk)),
        legacy_id=user.pk,
        username="grace",
        phone="222",
        updated_at="2025-07-01T10:00:00Z",  # 11:00 in London: older than the legacy row
    )

    applied = customer_apply_to_legacy(customer=customer, ids=PairedIds())

    assert applied.written is False
    assert Profile.objects.get(user=user).phone_no == "111"


def test_a_username_the_legacy_shop_already_has_is_a_conflict_naming_the_table():
    UserFactory(username="ada")

    with pytest.raises(ReverseSyncConflict, match="auth_user"):
        customer_apply_to_legacy(customer=new_customer(), ids=PairedIds())

    assert User.objects.filter(username="ada").count() == 1
    assert not LegacyIdPair.objects.exists()


def test_a_category_and_a_product_born_in_the_service_are_inserted_in_order():
    ids = PairedIds()
    category = {
        "id": str(uuid.uuid4()),
        "legacy_id": None,
        "name": "Jugs",
        "slug": "jugs",
        "visible": False,
        "sort_order": 4,
    }
    placed = category_apply_to_legacy(category=category, ids=ids)
    product = {
        **product_of(CategoryFactory()),
        "category_id": category["id"],
        "category_legacy_id": None,
    }

    applied = product_apply_to_legacy(product=product, ids=ids)

    row = Product.objects.get(pk=applied.legacy_id)
    assert Category.objects.get(pk=placed.legacy_id).visible_yn == "N"
    assert (row.prod_code, row.price_cents, row.qty_on_hand, row.cat_id) == (
        "NEW-001",
        850,
        4,
        placed.legacy_id,
    )
    assert (row.created_dt, row.modified_dt) == (
        datetime(2025, 3, 1, 12, 0),
        datetime(2025, 7, 1, 13, 0),
    )
    assert [pair.kind for pair in LegacyIdPair.objects.all()] == ["category", "product"]


def test_a_product_whose_category_is_not_in_the_legacy_shop_is_refused():
    product = {**product_of(CategoryFactory()), "category_id": str(uuid.uuid4())}
    product["category_legacy_id"] = None

    with pytest.raises(UnmappedIdError, match="sync that category to the legacy shop first"):
        product_apply_to_legacy(product=product, ids=PairedIds())

    assert not Product.objects.filter(prod_code="NEW-001").exists()


def test_a_legacy_product_changed_in_the_service_is_updated_in_place():
    existing = ProductFactory(prod_code="TEA-1", qty_on_hand=10)
    product = product_of(
        existing.cat,
        id=str(legacy_uuid(Kind.PRODUCT, existing.pk)),
        legacy_id=existing.pk,
        sku="TEA-1",
        stock=7,
        updated_at="2099-01-01T00:00:00Z",
    )

    applied = product_apply_to_legacy(product=product, ids=PairedIds())

    existing.refresh_from_db()
    assert applied.unlinked == []
    assert (existing.qty_on_hand, existing.prod_name) == (7, "Milk jug")
    assert existing.modified_dt == datetime(2099, 1, 1, 0, 0)


def order_for(customer_id, product, **changes):
    return {
        "id": str(uuid.uuid4()),
        "legacy_id": None,
        "customer_id": str(legacy_uuid(Kind.CUSTOMER, customer_id)),
        "customer_legacy_id": customer_id,
        "status": "placed",
        "shipping_address": {"unparsed": "Flat 2, Somewhere"},
        "total": {"amount": "25.98", "currency": "GBP"},
        "placed_at": "2025-07-01T09:00:00Z",
        "shipped_at": None,
        "updated_at": "2025-07-01T09:00:05Z",
        "lines": [
            {
                "id": str(uuid.uuid4()),
                "legacy_id": None,
                "product_id": str(legacy_uuid(Kind.PRODUCT, product.pk)),
                "product_legacy_id": product.pk,
                "sku": product.prod_code,
                "name": product.prod_name,
                "quantity": 2,
                "unit_price": {"amount": "12.99", "currency": "GBP"},
                "total": {"amount": "25.98", "currency": "GBP"},
            }
        ],
        **changes,
    }


def test_an_order_placed_in_the_service_is_inserted_with_its_lines_and_stock_is_untouched():
    ids = PairedIds()
    user, product = UserFactory(), ProductFactory(qty_on_hand=10)
    order = order_for(user.pk, product)

    applied = order_apply_to_legacy(order=order, ids=ids)

    row = Order.objects.get(pk=applied.legacy_id)
    assert (row.cust_id, row.status, row.total_cents, row.ship_addr) == (
        user.pk,
        "N",
        2598,
        "Flat 2, Somewhere",
    )
    assert (row.order_dt, row.modified_dt) == (
        datetime(2025, 7, 1, 10, 0),
        datetime(2025, 7, 1, 10, 0, 5),
    )
    [line] = OrderLine.objects.filter(order=row)
    assert (line.prod_id, line.qty, line.unit_price_cents) == (product.pk, 2, 1299)
    assert Product.objects.get(pk=product.pk).qty_on_hand == 10
    assert ids.find_legacy_id(Kind.ORDER_LINE, uuid.UUID(order["lines"][0]["id"])) == line.pk
    assert applied.unlinked == [(Kind.ORDER, uuid.UUID(order["id"]), row.pk)]


def test_a_shipped_event_updates_the_order_and_keeps_its_lines():
    ids = PairedIds()
    user, product = UserFactory(), ProductFactory()
    order = order_for(user.pk, product)
    first = order_apply_to_legacy(order=order, ids=ids)
    line_id = OrderLine.objects.get(order_id=first.legacy_id).pk

    order_apply_to_legacy(
        order={
            **order,
            "legacy_id": first.legacy_id,
            "status": "shipped",
            "shipped_at": "2025-07-02T15:00:00Z",
            "updated_at": "2025-07-02T15:00:00Z",
        },
        ids=ids,
    )

    row = Order.objects.get(pk=first.legacy_id)
    assert (row.status, row.ship_dt) == ("S", datetime(2025, 7, 2, 16, 0))
    assert list(OrderLine.objects.filter(order=row).values_list("pk", flat=True)) == [line_id]
    assert Order.objects.count() == 1
