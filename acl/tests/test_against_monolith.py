"""The translators checked against the real shop: its tables, its services and its JSON API.

The pure tests pin the vocabulary; these pin that it is the monolith's vocabulary, so the proxy
can answer a legacy client from a service and the sync can write rows the shop reads back.
"""

from datetime import datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from acl.legacy_api.accounts import account_from_api, account_to_api
from acl.legacy_api.catalogue import category_to_api, product_from_api, product_to_api
from acl.legacy_api.orders import order_from_api, order_to_api
from acl.orders import order_from_legacy, order_to_legacy
from acl.products import category_from_legacy, product_from_legacy, product_to_legacy
from acl.users import customer_from_legacy, customer_to_legacy
from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.factories import CategoryFactory, ProductFactory, UserFactory
from legacy_monolith.orders.models import Order, OrderLine
from legacy_monolith.orders.services import order_cancel, order_place

pytestmark = pytest.mark.django_db

USER_COLUMNS = (
    "id", "username", "email", "first_name", "last_name", "password", "is_active",
    "date_joined", "last_login",
)  # fmt: skip
PROFILE_COLUMNS = ("user_id", "phone_no", "addr", "newsletter_yn", "modified_dt")
CATEGORY_COLUMNS = ("id", "cat_name", "slug", "visible_yn", "sort_order")
PRODUCT_COLUMNS = (
    "id", "prod_code", "prod_name", "descr", "price_cents", "qty_on_hand", "cat_id",
    "active_yn", "created_dt", "modified_dt",
)  # fmt: skip
ORDER_COLUMNS = (
    "id", "cust_id", "status", "ship_addr", "total_cents", "order_dt", "ship_dt", "modified_dt",
)  # fmt: skip
LINE_COLUMNS = ("id", "order_id", "prod_id", "qty", "unit_price_cents")


def _rows(model: Any, columns: tuple[str, ...], **filters: Any) -> list[dict[str, Any]]:
    return list(model.objects.filter(**filters).order_by("id").values(*columns))


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def shop() -> dict[str, Any]:
    """A customer who has placed one order of two products, one of them now out of stock."""
    customer = UserFactory(username="dora")
    Profile.objects.filter(user=customer).update(
        addr="Flat 2\n1 High St\nLeeds\nLS1 1AA\nUnited Kingdom", newsletter_yn="Y"
    )
    kitchen = CategoryFactory(cat_name="Kitchen", slug="kitchen", sort_order=1)
    kettle = ProductFactory(prod_code="KT-001", prod_name="Kettle", price_cents=2499, cat=kitchen)
    mug = ProductFactory(
        prod_code="MG-002", prod_name="Mug", price_cents=399, qty_on_hand=1, cat=kitchen
    )
    order = order_place(
        customer=customer, quantities={kettle.pk: 2, mug.pk: 1}, ship_addr="c/o Reception\nLeeds"
    )
    return {"customer": customer, "category": kitchen, "products": [kettle, mug], "order": order}


def test_rows_the_shop_wrote_round_trip_through_the_clean_vocabulary(shop: dict[str, Any]) -> None:
    customer, order = shop["customer"], shop["order"]
    user_row = _rows(get_user_model(), USER_COLUMNS, pk=customer.pk)[0]
    profile_row = _rows(Profile, PROFILE_COLUMNS, user=customer)[0]
    clean_customer = customer_from_legacy(user=user_row, profile=profile_row)
    assert clean_customer["address"]["postcode"] == "LS1 1AA"
    assert clean_customer["password_hash"] == customer.password  # hashes travel untouched
    assert customer_to_legacy(customer=clean_customer) == {"user": user_row, "profile": profile_row}

    for row in _rows(Category, CATEGORY_COLUMNS):
        assert category_from_legacy(row=row)["visible"] is True
    for row in _rows(Product, PRODUCT_COLUMNS):
        assert product_to_legacy(product=product_from_legacy(row=row)) == row

    order_row = _rows(Order, ORDER_COLUMNS, pk=order.pk)[0]
    line_rows = _rows(OrderLine, LINE_COLUMNS, order=order)
    clean_order = order_from_legacy(order=order_row, lines=line_rows)
    assert clean_order["status"] == "placed"
    assert clean_order["total"] == {"amount": "53.97", "currency": "GBP"}
    assert clean_order["shipping_address"] == {"unparsed": "c/o Reception\nLeeds"}
    assert order_to_legacy(order=clean_order) == {"order": order_row, "lines": line_rows}


def test_translated_rows_written_back_are_what_the_shop_reads(shop: dict[str, Any]) -> None:
    # What reverse sync does: clean change -> legacy row -> queryset.update (keeps modified_dt).
    order = shop["order"]
    order_cancel(order_id=order.pk)
    clean_order = order_from_legacy(
        order=_rows(Order, ORDER_COLUMNS, pk=order.pk)[0],
        lines=_rows(OrderLine, LINE_COLUMNS, order=order),
    )
    assert clean_order["status"] == "cancelled"
    changed = {**clean_order, "status": "on_hold", "updated_at": "2024-10-27T01:30:00Z"}
    row = order_to_legacy(order=changed)["order"]
    Order.objects.filter(pk=row.pop("id")).update(**row)
    stored = Order.objects.get(pk=order.pk)
    assert stored.status == "H"
    assert stored.is_cancellable
    assert stored.modified_dt == datetime(2024, 10, 27, 1, 30)  # second pass of 01:30: GMT


def test_the_legacy_api_shows_exactly_what_the_acl_makes_of_the_rows(shop: dict[str, Any]) -> None:
    customer, order, category = shop["customer"], shop["order"], shop["category"]
    client = _client(customer)

    for row in _rows(Product, PRODUCT_COLUMNS):
        body = client.get(f"/api/products/{row['id']}/").json()
        product = product_from_legacy(row=row)
        assert product_to_api(product=product, category_name=category.cat_name) == body
        assert product_from_api(body)["price"] == product["price"]
        assert body["in_stock"] == ("Y" if row["qty_on_hand"] else "N")

    categories = client.get("/api/categories/").json()["results"]
    assert categories == [category_to_api(category=category_from_legacy(row=row))
                          for row in _rows(Category, CATEGORY_COLUMNS)]  # fmt: skip

    user_row = _rows(get_user_model(), USER_COLUMNS, pk=customer.pk)[0]
    profile_row = _rows(Profile, PROFILE_COLUMNS, user=customer)[0]
    account = client.get("/api/account/").json()
    assert (
        account_to_api(customer=customer_from_legacy(user=user_row, profile=profile_row)) == account
    )
    assert account_from_api(account)["address"]["lines"] == ["Flat 2", "1 High St"]

    body = client.get(f"/api/orders/{order.pk}/").json()
    clean_order = order_from_legacy(
        order=_rows(Order, ORDER_COLUMNS, pk=order.pk)[0],
        lines=_rows(OrderLine, LINE_COLUMNS, order=order),
    )
    products = {
        product_from_legacy(row=row)["id"]: product_from_legacy(row=row)
        for row in _rows(Product, PRODUCT_COLUMNS)
    }
    assert order_to_api(order=clean_order, products=products) == body
    assert order_from_api(body)["total"] == clean_order["total"]
