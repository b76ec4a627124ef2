"""Orders: an order row with its line rows and one clean order, both ways."""

import re
import uuid
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acl.errors import MoneyError, TranslationError, UnknownStatusError, UnmappedIdError
from acl.ids import InMemoryIdMap, Kind, legacy_uuid
from acl.orders import order_from_legacy, order_to_legacy

from .strategies import clean_orders, order_rows, relaxed

ORDER = {
    "id": 7,
    "cust_id": 3,
    "status": "S",
    "ship_addr": "12 Acacia Avenue\nLondon\nSW1A 1AA",
    "total_cents": 2997,
    "order_dt": datetime(2024, 10, 27, 1, 30),
    "ship_dt": datetime(2024, 10, 28, 9, 0),
    "modified_dt": datetime(2024, 10, 28, 9, 0),
}
LINES = [
    {"id": 11, "order_id": 7, "prod_id": 5, "qty": 2, "unit_price_cents": 1299},
    {"id": 12, "order_id": 7, "prod_id": 6, "qty": 1, "unit_price_cents": 399},
]


@relaxed
@given(order_rows())
def test_legacy_to_clean_to_legacy_is_identity(rows: dict[str, Any]) -> None:
    assert order_to_legacy(order=order_from_legacy(**rows)) == rows


@relaxed
@given(st.data())
def test_clean_to_legacy_to_clean_is_identity(data: st.DataObject) -> None:
    ids = InMemoryIdMap()
    order = data.draw(clean_orders(ids))
    rows = order_to_legacy(order=order, ids=ids)
    assert order_from_legacy(**rows, ids=ids) == order


@pytest.mark.parametrize(
    ("letter", "word"),
    [("N", "placed"), ("H", "on_hold"), ("S", "shipped"), ("D", "delivered"), ("C", "cancelled")],
)
def test_every_status_letter_travels_both_ways(letter: str, word: str) -> None:
    order = order_from_legacy(order={**ORDER, "status": letter}, lines=LINES)
    assert order["status"] == word
    assert order_to_legacy(order=order)["order"]["status"] == letter


def test_an_order_in_the_clean_vocabulary() -> None:
    assert order_from_legacy(order=ORDER, lines=LINES) == {
        "id": str(legacy_uuid(Kind.ORDER, 7)),
        "legacy_id": 7,
        "customer_id": str(legacy_uuid(Kind.CUSTOMER, 3)),
        "customer_legacy_id": 3,
        "status": "shipped",
        "shipping_address": {
            "lines": ["12 Acacia Avenue"],
            "city": "London",
            "postcode": "SW1A 1AA",
            "country": None,
        },
        "total": {"amount": "29.97", "currency": "GBP"},
        "placed_at": "2024-10-27T00:30:00Z",  # 01:30 happened twice that night: the first
        "shipped_at": "2024-10-28T09:00:00Z",
        "updated_at": "2024-10-28T09:00:00Z",
        "lines": [
            {
                "id": str(legacy_uuid(Kind.ORDER_LINE, 11)),
                "legacy_id": 11,
                "product_id": str(legacy_uuid(Kind.PRODUCT, 5)),
                "product_legacy_id": 5,
                "quantity": 2,
                "unit_price": {"amount": "12.99", "currency": "GBP"},
                "total": {"amount": "25.98", "currency": "GBP"},
            },
            {
                "id": str(legacy_uuid(Kind.ORDER_LINE, 12)),
                "legacy_id": 12,
                "product_id": str(legacy_uuid(Kind.PRODUCT, 6)),
                "product_legacy_id": 6,
                "quantity": 1,
                "unit_price": {"amount": "3.99", "currency": "GBP"},
                "total": {"amount": "3.99", "currency": "GBP"},
            },
        ],
    }


def test_an_order_placed_on_the_new_side_is_inserted_with_its_lines_then_mapped() -> None:
    ids = InMemoryIdMap()
    order_uuid, line_uuid = uuid.uuid4(), uuid.uuid4()
    order = order_from_legacy(order=ORDER, lines=LINES[:1])
    order = {**order, "id": str(order_uuid), "legacy_id": None}
    order["lines"] = [{**order["lines"][0], "id": str(line_uuid), "legacy_id": None}]

    rows = order_to_legacy(order=order, ids=ids)
    assert "id" not in rows["order"]
    assert rows["lines"] == [{"prod_id": 5, "qty": 2, "unit_price_cents": 1299}]

    ids.record(Kind.ORDER, id=order_uuid, legacy_id=900)
    ids.record(Kind.ORDER_LINE, id=line_uuid, legacy_id=901)
    inserted_order = {**rows["order"], "id": 900}
    inserted_lines = [{**rows["lines"][0], "id": 901, "order_id": 900}]
    back = order_from_legacy(order=inserted_order, lines=inserted_lines, ids=ids)
    assert back["id"] == str(order_uuid)
    assert back["lines"][0]["id"] == str(line_uuid)
    assert back["legacy_id"] == 900
    assert order_to_legacy(order=back, ids=ids)["lines"][0]["order_id"] == 900


def test_an_unshipped_order_has_no_ship_time() -> None:
    order = order_from_legacy(order={**ORDER, "status": "N", "ship_dt": None}, lines=LINES)
    assert order["shipped_at"] is None
    assert order_to_legacy(order=order)["order"]["ship_dt"] is None


def test_a_line_of_another_order_is_refused() -> None:
    lines = [LINES[0], {**LINES[1], "order_id": 8}]
    with pytest.raises(TranslationError) as error:
        order_from_legacy(order=ORDER, lines=lines)
    assert str(error.value) == "order.lines.1.order_id: belongs to order 8, not to order 7"


def test_an_unknown_status_letter_is_refused_naming_the_codes() -> None:
    with pytest.raises(UnknownStatusError) as error:
        order_from_legacy(order={**ORDER, "status": "X"}, lines=LINES)
    assert str(error.value).startswith("order.status: unknown legacy order status 'X'; the legacy")


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"status": "pending"}, UnknownStatusError, "order.status: unknown order status 'pending'"),
        (
            {"total": {"amount": "29.971", "currency": "GBP"}},
            MoneyError,
            "order.total: 29.971 has a fraction",
        ),
        (
            {"total": {"amount": "29.97", "currency": "USD"}},
            MoneyError,
            "order.total: the legacy shop keeps money in GBP only",
        ),
        (
            {"placed_at": "2024-10-27T01:30"},
            TranslationError,
            "order.placed_at: '2024-10-27T01:30' has no timezone",
        ),
        ({"lines": "two teapots"}, TranslationError, "order.lines: expected a list"),
        (
            {"shipping_address": "12 Acacia Avenue"},
            TranslationError,
            "order.shipping_address: expected an address object or null",
        ),
    ],
)
def test_clean_orders_the_legacy_tables_cannot_hold_are_refused(
    change: dict[str, Any], error: type[Exception], message: str
) -> None:
    order = {**order_from_legacy(order=ORDER, lines=LINES), **change}
    with pytest.raises(error, match=re.escape(message)):
        order_to_legacy(order=order)


def test_a_line_total_that_disagrees_with_quantity_times_price_is_refused() -> None:
    order = order_from_legacy(order=ORDER, lines=LINES)
    order["lines"][1]["total"] = {"amount": "4.00", "currency": "GBP"}
    with pytest.raises(TranslationError) as error:
        order_to_legacy(order=order)
    assert str(error.value) == (
        "order.lines.1.total: is 4.00 but quantity 1 x unit_price 3.99 is 3.99"
    )


def test_a_line_without_a_total_is_accepted() -> None:
    order = order_from_legacy(order=ORDER, lines=LINES)
    del order["lines"][0]["total"]
    assert order_to_legacy(order=order)["lines"][0] == LINES[0]


def test_a_line_of_a_product_the_legacy_shop_lacks_is_an_error() -> None:
    minted = uuid.uuid4()
    order = order_from_legacy(order=ORDER, lines=LINES)
    order["lines"][0] = {**order["lines"][0], "product_id": str(minted), "product_legacy_id": None}
    with pytest.raises(
        UnmappedIdError,
        match=re.escape(f"order.lines.0.product_id: product {minted} has no legacy id yet"),
    ):
        order_to_legacy(order=order, ids=InMemoryIdMap())
