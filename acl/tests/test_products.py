"""Categories and products: legacy rows and clean dicts, both ways."""

import re
import uuid
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acl.errors import MoneyError, TranslationError, UnmappedIdError
from acl.ids import InMemoryIdMap, Kind, legacy_uuid
from acl.products import (
    category_from_legacy,
    category_to_legacy,
    product_from_legacy,
    product_to_legacy,
)

from .strategies import category_rows, clean_categories, clean_products, product_rows, relaxed

PRODUCT_ROW = {
    "id": 5,
    "prod_code": "SKU-000005",
    "prod_name": "Teapot",
    "descr": "Holds tea.",
    "price_cents": 1299,
    "qty_on_hand": 10,
    "cat_id": 2,
    "active_yn": "Y",
    "created_dt": datetime(2024, 1, 15, 9, 0),
    "modified_dt": datetime(2024, 7, 1, 12, 30, 0, 250),
}


@relaxed
@given(category_rows)
def test_category_legacy_to_clean_to_legacy_is_identity(row: dict[str, Any]) -> None:
    assert category_to_legacy(category=category_from_legacy(row=row)) == row


@relaxed
@given(st.data())
def test_category_clean_to_legacy_to_clean_is_identity(data: st.DataObject) -> None:
    ids = InMemoryIdMap()
    category = data.draw(clean_categories(ids))
    row = category_to_legacy(category=category, ids=ids)
    assert category_from_legacy(row=row, ids=ids) == category


@relaxed
@given(product_rows)
def test_product_legacy_to_clean_to_legacy_is_identity(row: dict[str, Any]) -> None:
    assert product_to_legacy(product=product_from_legacy(row=row)) == row


@relaxed
@given(st.data())
def test_product_clean_to_legacy_to_clean_is_identity(data: st.DataObject) -> None:
    ids = InMemoryIdMap()
    product = data.draw(clean_products(ids))
    row = product_to_legacy(product=product, ids=ids)
    assert product_from_legacy(row=row, ids=ids) == product


def test_a_product_in_the_clean_vocabulary() -> None:
    assert product_from_legacy(row={**PRODUCT_ROW, "in_stock": True}) == {
        "id": str(legacy_uuid(Kind.PRODUCT, 5)),
        "legacy_id": 5,
        "sku": "SKU-000005",
        "name": "Teapot",
        "description": "Holds tea.",
        "price": {"amount": "12.99", "currency": "GBP"},
        "stock": 10,
        "category_id": str(legacy_uuid(Kind.CATEGORY, 2)),
        "category_legacy_id": 2,
        "active": True,
        "created_at": "2024-01-15T09:00:00Z",
        "updated_at": "2024-07-01T11:30:00.000250Z",
    }


def test_a_category_in_the_clean_vocabulary() -> None:
    row = {"id": 2, "cat_name": "Kitchen", "slug": "kitchen", "visible_yn": "N", "sort_order": 3}
    assert category_from_legacy(row=row) == {
        "id": str(legacy_uuid(Kind.CATEGORY, 2)),
        "legacy_id": 2,
        "name": "Kitchen",
        "slug": "kitchen",
        "visible": False,
        "sort_order": 3,
    }


def test_a_product_created_on_the_new_side_is_inserted_then_mapped() -> None:
    ids = InMemoryIdMap()
    product = product_from_legacy(row=PRODUCT_ROW)
    minted = str(uuid.uuid4())
    new = {**product, "id": minted, "legacy_id": None}

    row = product_to_legacy(product=new, ids=ids)
    assert "id" not in row  # new to the legacy shop: the caller inserts it
    ids.record(Kind.PRODUCT, id=uuid.UUID(minted), legacy_id=77)  # the id the insert returned

    back = product_from_legacy(row={**row, "id": 77}, ids=ids)
    assert back == {**new, "legacy_id": 77}
    assert product_to_legacy(product=back, ids=ids)["id"] == 77


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (
            {"price": {"amount": "-1.00", "currency": "GBP"}},
            MoneyError,
            "product.price: -1.00 is negative",
        ),
        (
            {"price": {"amount": "9.999", "currency": "GBP"}},
            MoneyError,
            "product.price: 9.999 has a fraction of a cent",
        ),
        (
            {"price": "12.99"},
            MoneyError,
            'product.price: expected {"amount": "12.99", "currency": "GBP"}',
        ),
        (
            {"sku": "X" * 33},
            TranslationError,
            "product.sku: is 33 characters long; the legacy column holds at most 32",
        ),
        ({"sku": ""}, TranslationError, "product.sku: must not be empty"),
        ({"stock": -1}, TranslationError, "product.stock: must be at least 0, got -1"),
        (
            {"stock": 2.5},
            TranslationError,
            "product.stock: expected a whole number, got 2.5 (float)",
        ),
        ({"active": "Y"}, TranslationError, "product.active: expected true or false, got 'Y'"),
        (
            {"updated_at": "2024-07-01 12:30"},
            TranslationError,
            "product.updated_at: '2024-07-01 12:30' has no timezone",
        ),
        ({"category_id": "kitchen"}, TranslationError, "product.category_id: expected a UUID"),
    ],
)
def test_clean_products_the_legacy_table_cannot_hold_are_refused(
    change: dict[str, Any], error: type[Exception], message: str
) -> None:
    product = {**product_from_legacy(row=PRODUCT_ROW), **change}
    with pytest.raises(error, match=re.escape(message)):
        product_to_legacy(product=product)


def test_a_missing_field_is_named() -> None:
    product = product_from_legacy(row=PRODUCT_ROW)
    del product["sku"]
    with pytest.raises(TranslationError, match=re.escape("product.sku: is missing")):
        product_to_legacy(product=product)
    row = {key: value for key, value in PRODUCT_ROW.items() if key != "price_cents"}
    with pytest.raises(TranslationError, match=re.escape("product.price_cents: is missing")):
        product_from_legacy(row=row)


def test_bad_legacy_values_are_named_by_column() -> None:
    with pytest.raises(
        TranslationError, match=re.escape("product.active_yn: expected the legacy flag")
    ):
        product_from_legacy(row={**PRODUCT_ROW, "active_yn": "y"})
    with pytest.raises(
        TranslationError, match=re.escape("product.price_cents: expected whole cents")
    ):
        product_from_legacy(row={**PRODUCT_ROW, "price_cents": "1299"})


def test_a_category_minted_on_the_new_side_must_reach_the_legacy_shop_first() -> None:
    minted = uuid.uuid4()
    product = {
        **product_from_legacy(row=PRODUCT_ROW),
        "category_id": str(minted),
        "category_legacy_id": None,
    }
    with pytest.raises(UnmappedIdError) as error:
        product_to_legacy(product=product, ids=InMemoryIdMap())
    assert str(error.value) == (
        f"product.category_id: category {minted} has no legacy id yet; "
        "sync that category to the legacy shop first"
    )
