"""The legacy JSON API's shapes (API.md) and the clean vocabulary, both ways."""

import re
import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acl import clock
from acl.errors import ClockError, TranslationError, UnmappedIdError
from acl.ids import InMemoryIdMap, Kind, legacy_uuid
from acl.legacy_api.accounts import (
    ACCOUNT_FIELDS,
    account_changes_from_api,
    account_changes_to_api,
    account_from_api,
    account_to_api,
)
from acl.legacy_api.catalogue import (
    category_from_api,
    category_to_api,
    product_from_api,
    product_to_api,
)
from acl.legacy_api.formats import api_time_to_clean, validation_error_body
from acl.legacy_api.orders import order_from_api, order_request_from_api, order_to_api

from .strategies import (
    clean_categories,
    clean_customers,
    clean_orders,
    clean_products,
    existing_local_times,
    instants,
    is_second_pass,
    legacy_blobs,
    legacy_cents,
    legacy_ids,
    relaxed,
    status_letters,
    texts,
    yn,
)

api_times = existing_local_times.map(
    lambda t: t.replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S")
)
whole_second_clean_times = (
    instants.map(lambda t: t.replace(microsecond=0))
    .filter(lambda t: not is_second_pass(t))
    .map(clock.format_utc)
)


@st.composite
def api_products(draw: st.DrawFn) -> dict[str, Any]:
    qty = draw(st.integers(min_value=0, max_value=2**31 - 1))
    return {
        "prod_id": draw(legacy_ids),
        "prod_code": draw(texts(32, min_size=1)),
        "prod_name": draw(texts(200, min_size=1)),
        "descr": draw(st.text()),
        "price_cents": draw(legacy_cents),
        "qty_on_hand": qty,
        "in_stock": "Y" if qty > 0 else "N",
        "cat_id": draw(legacy_ids),
        "cat_name": draw(texts(100, min_size=1)),
        "active": draw(yn),
        "created_dt": draw(api_times),
        "modified_dt": draw(api_times),
    }


api_categories = st.fixed_dictionaries(
    {
        "cat_id": legacy_ids,
        "cat_name": texts(100, min_size=1),
        "slug": texts(100, min_size=1),
        "sort_order": st.integers(min_value=0, max_value=2**31 - 1),
    }
)
api_accounts = st.fixed_dictionaries(
    {
        "cust_id": legacy_ids,
        "username": texts(150, min_size=1),
        "first_name": texts(150),
        "last_name": texts(150),
        "email": texts(254),
        "phone_no": texts(32),
        "addr": legacy_blobs,
        "newsletter": yn,
        "modified_dt": api_times,
    }
)


@st.composite
def api_lines(draw: st.DrawFn) -> dict[str, Any]:
    qty, unit = draw(st.integers(min_value=0, max_value=999)), draw(legacy_cents)
    return {
        "prod_id": draw(legacy_ids),
        "prod_code": draw(texts(32, min_size=1)),
        "prod_name": draw(texts(200, min_size=1)),
        "qty": qty,
        "unit_price_cents": unit,
        "line_total_cents": qty * unit,
    }


api_orders = st.fixed_dictionaries(
    {
        "order_id": legacy_ids,
        "cust_id": legacy_ids,
        "status": status_letters,
        "total_cents": legacy_cents,
        "ship_addr": legacy_blobs,
        "order_dt": api_times,
        "ship_dt": st.none() | api_times,
        "modified_dt": api_times,
        # One product per line, as checkout makes them; its sku and name are the product's.
        "lines": st.lists(api_lines(), max_size=4, unique_by=lambda line: line["prod_id"]),
    }
)


def products_on(body: dict[str, Any]) -> dict[str, dict[str, str]]:
    """What the orders service knows of each product on an API order's lines."""
    return {
        str(legacy_uuid(Kind.PRODUCT, line["prod_id"])): {
            "sku": line["prod_code"],
            "name": line["prod_name"],
        }
        for line in body["lines"]
    }


@relaxed
@given(api_products())
def test_api_product_to_clean_to_api_is_identity(body: dict[str, Any]) -> None:
    product = product_from_api(body)
    assert product_to_api(product=product, category_name=body["cat_name"]) == body


@relaxed
@given(st.data())
def test_clean_product_to_api_to_clean_is_identity(data: st.DataObject) -> None:
    ids = InMemoryIdMap()
    product = data.draw(clean_products(ids))
    product["created_at"] = data.draw(whole_second_clean_times)
    product["updated_at"] = data.draw(whole_second_clean_times)
    body = product_to_api(product=product, category_name="Kitchen", ids=ids)
    assert product_from_api(body, ids=ids) == product


@relaxed
@given(api_categories)
def test_api_category_to_clean_to_api_is_identity(body: dict[str, Any]) -> None:
    category = category_from_api(body)
    assert category["visible"] is True  # the API lists visible categories only
    assert category_to_api(category=category) == body


@relaxed
@given(st.data())
def test_clean_category_to_api_to_clean_is_identity(data: st.DataObject) -> None:
    ids = InMemoryIdMap()
    category = {**data.draw(clean_categories(ids)), "visible": True}
    assert category_from_api(category_to_api(category=category, ids=ids), ids=ids) == category


@relaxed
@given(api_accounts)
def test_api_account_to_clean_to_api_is_identity(body: dict[str, Any]) -> None:
    account = account_from_api(body)
    assert sorted(account) == sorted(ACCOUNT_FIELDS)
    assert account_to_api(customer=account) == body


@relaxed
@given(st.data())
def test_clean_customer_to_api_account_to_clean_keeps_the_account_fields(
    data: st.DataObject,
) -> None:
    ids = InMemoryIdMap()
    customer = data.draw(clean_customers(ids))
    customer["updated_at"] = data.draw(whole_second_clean_times)
    account = account_from_api(account_to_api(customer=customer, ids=ids), ids=ids)
    assert account == {name: customer[name] for name in ACCOUNT_FIELDS}


@relaxed
@given(api_orders)
def test_api_order_to_clean_to_api_is_identity(body: dict[str, Any]) -> None:
    order = order_from_api(body)
    assert order_to_api(order=order, products=products_on(body)) == body


@relaxed
@given(st.data())
def test_clean_order_to_api_to_clean_is_identity_but_for_line_ids(data: st.DataObject) -> None:
    ids = InMemoryIdMap()
    order = data.draw(clean_orders(ids))
    for name in ("placed_at", "updated_at"):
        order[name] = data.draw(whole_second_clean_times)
    order["shipped_at"] = data.draw(st.none() | whole_second_clean_times)
    products = {line["product_id"]: {"sku": "SKU-1", "name": "Kettle"} for line in order["lines"]}
    back = order_from_api(order_to_api(order=order, products=products, ids=ids), ids=ids)
    without_line_ids = [
        {key: value for key, value in line.items() if key not in ("id", "legacy_id")}
        for line in order["lines"]
    ]
    assert back == {**order, "lines": without_line_ids}


API_ORDER = {
    "order_id": 1001,
    "cust_id": 42,
    "status": "N",
    "total_cents": 5448,
    "ship_addr": "1 High St\nLeeds\nLS1 1AA",
    "order_dt": "2024-11-30 23:59:58",
    "ship_dt": None,
    "modified_dt": "2024-11-30 23:59:58",
    "lines": [
        {
            "prod_id": 17,
            "prod_code": "KT-001",
            "prod_name": "Kettle",
            "qty": 2,
            "unit_price_cents": 2499,
            "line_total_cents": 4998,
        }
    ],
}


def test_the_documented_order_in_the_clean_vocabulary() -> None:
    order = order_from_api(API_ORDER)
    assert order["id"] == str(legacy_uuid(Kind.ORDER, 1001))
    assert order["status"] == "placed"
    assert order["total"] == {"amount": "54.48", "currency": "GBP"}
    assert order["shipping_address"] == {
        "lines": ["1 High St"],
        "city": "Leeds",
        "postcode": "LS1 1AA",
        "country": None,
    }
    assert order["placed_at"] == "2024-11-30T23:59:58Z"
    assert order["lines"] == [
        {
            "product_id": str(legacy_uuid(Kind.PRODUCT, 17)),
            "product_legacy_id": 17,
            "quantity": 2,
            "unit_price": {"amount": "24.99", "currency": "GBP"},
            "total": {"amount": "49.98", "currency": "GBP"},
        }
    ]


def test_an_order_the_api_cannot_show_is_refused_with_the_reason() -> None:
    order = order_from_api(API_ORDER)
    with pytest.raises(TranslationError, match=re.escape("order.lines.0.product_id: no sku")):
        order_to_api(order=order, products={})
    minted = uuid.uuid4()
    with pytest.raises(
        UnmappedIdError, match=re.escape(f"order.id: order {minted} has no legacy id")
    ):
        order_to_api(order={**order, "id": str(minted), "legacy_id": None}, products={})
    broken = {**API_ORDER, "lines": [{**API_ORDER["lines"][0], "line_total_cents": 5000}]}
    with pytest.raises(TranslationError) as error:
        order_from_api(broken)
    assert str(error.value) == (
        "order.lines.0.line_total_cents: is 5000 but qty 2 x unit_price_cents 2499 is 4998"
    )


def test_a_product_whose_in_stock_flag_contradicts_its_stock_is_refused() -> None:
    body = {
        "prod_id": 17, "prod_code": "KT-001", "prod_name": "Kettle", "descr": "Boils water.",
        "price_cents": 2499, "qty_on_hand": 0, "in_stock": "Y", "cat_id": 3,
        "cat_name": "Kitchen", "active": "Y", "created_dt": "2024-03-05 14:07:09",
        "modified_dt": "2024-03-05 14:07:09",
    }  # fmt: skip
    with pytest.raises(
        TranslationError, match=re.escape("product.in_stock: is 'Y' but qty_on_hand is 0")
    ):
        product_from_api(body)
    assert product_from_api({**body, "in_stock": "N"})["stock"] == 0


def test_api_times_are_strict_local_text() -> None:
    assert api_time_to_clean("2024-07-01 09:00:00") == "2024-07-01T08:00:00Z"
    with pytest.raises(
        ClockError, match=re.escape("expected a legacy time such as '2024-11-30 23:59:58'")
    ):
        api_time_to_clean("2024-07-01T09:00:00Z")
    with pytest.raises(
        ClockError, match=re.escape("'2024-02-30 10:00:00' is not a date and time that exists")
    ):
        api_time_to_clean("2024-02-30 10:00:00")


def test_an_order_request_in_the_clean_vocabulary() -> None:
    body = {
        "lines": [{"prod_id": 17, "qty": 2}, {"prod_id": 9, "qty": 1}],
        "ship_addr": " 1 High St\nLeeds\nLS1 1AA\n",
    }
    assert order_request_from_api(body) == {
        "lines": [
            {
                "product_id": str(legacy_uuid(Kind.PRODUCT, 17)),
                "product_legacy_id": 17,
                "quantity": 2,
            },
            {
                "product_id": str(legacy_uuid(Kind.PRODUCT, 9)),
                "product_legacy_id": 9,
                "quantity": 1,
            },
        ],
        "shipping_address": {
            "lines": ["1 High St"],
            "city": "Leeds",
            "postcode": "LS1 1AA",
            "country": None,
        },
    }
    # Without an address the customer's own applies, as in the monolith.
    assert "shipping_address" not in order_request_from_api({"lines": [{"prod_id": 9, "qty": 1}]})
    assert "shipping_address" not in order_request_from_api(
        {"lines": [{"prod_id": 9, "qty": 1}], "ship_addr": ""}
    )


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"lines": [{"prod_id": 9, "qty": 0}]}, "lines.0.qty", "must be at least 1, got 0"),
        ({"lines": [{"prod_id": 9, "qty": 1000}]}, "lines.0.qty", "must be at most 999, got 1000"),
        (
            {"lines": [{"prod_id": 9, "qty": 1}, {"prod_id": 9, "qty": 2}]},
            "lines.1.prod_id",
            "product 9 is already on line 0",
        ),
        ({"lines": [{"prod_id": 9, "qty": 1, "price": 1}]}, "lines.0.price", "unknown field"),
        ({"lines": []}, "lines", "must have 1 to 100 lines"),
        (
            {"lines": [{"prod_id": "9", "qty": 1}]},
            "lines.0.prod_id",
            "expected a whole number, got '9' (str)",
        ),
        ({"lines": [{"prod_id": 9, "qty": 1}], "coupon": "X"}, "coupon", "unknown field"),
        ({}, "lines", "is missing"),
    ],
)
def test_bad_order_requests_get_the_legacy_validation_body(
    body: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(TranslationError) as error:
        order_request_from_api(body)
    assert validation_error_body(error.value) == {
        "error": "validation_failed",
        "message": f"Invalid input: {field}: {reason}",
        "fields": {field: [reason]},
    }


def test_a_body_that_is_not_an_object_has_no_field() -> None:
    with pytest.raises(TranslationError) as error:
        order_request_from_api([1, 2])
    assert validation_error_body(error.value) == {
        "error": "validation_failed",
        "message": "Invalid input: the body must be a JSON object",
        "fields": {},
    }


def test_account_changes_both_ways() -> None:
    body = {"phone_no": "0113 496 0000", "addr": "1 High St\nLeeds\nLS1 1AA", "newsletter": "N"}
    changes = account_changes_from_api(body)
    assert changes == {
        "phone": "0113 496 0000",
        "address": {
            "lines": ["1 High St"],
            "city": "Leeds",
            "postcode": "LS1 1AA",
            "country": None,
        },
        "newsletter": False,
    }
    assert account_changes_to_api(changes) == body


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"username": "eve"}, "username", "not editable"),
        ({"cust_id": 1}, "cust_id", "not editable"),
        ({"nickname": "eve"}, "nickname", "unknown field"),
        ({"newsletter": "yes"}, "newsletter", "expected the legacy flag 'Y' or 'N', got 'yes'"),
        (
            {"phone_no": "0" * 33},
            "phone_no",
            "is 33 characters long; the legacy column holds at most 32",
        ),
    ],
)
def test_account_changes_the_monolith_refuses_are_refused(
    body: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(TranslationError) as error:
        account_changes_from_api(body)
    assert (error.value.field, error.value.reason) == (field, reason)


def test_clean_changes_the_legacy_account_cannot_carry_are_refused() -> None:
    with pytest.raises(
        TranslationError, match=re.escape("password_hash: not editable through the legacy account")
    ):
        account_changes_to_api({"password_hash": "x"})
