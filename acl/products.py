"""Catalogue: `tbl_category` / `tbl_product` rows as clean categories and products, and back."""

from collections.abc import Mapping
from functools import partial
from typing import Any, TypedDict

from . import clock
from .errors import at
from .fields import (
    LEGACY_MAX_INT,
    clean_id,
    converted,
    legacy_key,
    own_legacy_id,
    referenced_legacy_id,
    text,
    whole,
)
from .flags import bool_to_yn, yn_to_bool
from .ids import IdMap, Kind
from .money import Money, legacy_cents, money_from_cents


class Category(TypedDict):
    id: str
    legacy_id: int | None
    name: str
    slug: str
    visible: bool
    sort_order: int


class LegacyCategoryRow(TypedDict, total=False):
    """A `tbl_category` row; `id` is absent for a category new to the legacy shop."""

    id: int
    cat_name: str
    slug: str
    visible_yn: str
    sort_order: int


class Product(TypedDict):
    id: str
    legacy_id: int | None
    sku: str
    name: str
    description: str
    price: Money
    stock: int
    category_id: str
    category_legacy_id: int | None
    active: bool
    created_at: str
    updated_at: str


class LegacyProductRow(TypedDict, total=False):
    """A `tbl_product` row; `id` is absent for a product new to the legacy shop."""

    id: int
    prod_code: str
    prod_name: str
    descr: str
    price_cents: int
    qty_on_hand: int
    cat_id: int
    active_yn: str
    created_dt: Any
    modified_dt: Any


def category_from_legacy(*, row: Mapping[str, Any], ids: IdMap | None = None) -> Category:
    """The clean category for a `tbl_category` row."""
    with at("category"):
        return {
            "id": clean_id(Kind.CATEGORY, row, ids=ids),
            "legacy_id": legacy_key(row),
            "name": text(row, "cat_name"),
            "slug": text(row, "slug"),
            "visible": converted(row, "visible_yn", yn_to_bool),
            "sort_order": whole(row, "sort_order"),
        }


def category_to_legacy(
    *, category: Mapping[str, Any], ids: IdMap | None = None
) -> LegacyCategoryRow:
    """The `tbl_category` row for a clean category (no `id` if it is new to the legacy shop)."""
    with at("category"):
        legacy_id = own_legacy_id(Kind.CATEGORY, category, ids=ids)
        row: LegacyCategoryRow = {
            "cat_name": text(category, "name", max_length=100, allow_empty=False),
            "slug": text(category, "slug", max_length=100, allow_empty=False),
            "visible_yn": converted(category, "visible", bool_to_yn),
            "sort_order": whole(category, "sort_order", maximum=LEGACY_MAX_INT),
        }
    return {"id": legacy_id, **row} if legacy_id is not None else row


def product_from_legacy(
    *, row: Mapping[str, Any], ids: IdMap | None = None, zone: clock.Zone = clock.LEGACY_ZONE
) -> Product:
    """The clean product for a `tbl_product` row."""
    to_clean = partial(clock.legacy_to_clean, zone=zone)
    with at("product"):
        return {
            "id": clean_id(Kind.PRODUCT, row, ids=ids),
            "legacy_id": legacy_key(row),
            "sku": text(row, "prod_code"),
            "name": text(row, "prod_name"),
            "description": text(row, "descr"),
            "price": converted(row, "price_cents", money_from_cents),
            "stock": whole(row, "qty_on_hand"),
            "category_id": clean_id(Kind.CATEGORY, row, "cat_id", ids=ids),
            "category_legacy_id": legacy_key(row, "cat_id"),
            "active": converted(row, "active_yn", yn_to_bool),
            "created_at": converted(row, "created_dt", to_clean),
            "updated_at": converted(row, "modified_dt", to_clean),
        }


def product_to_legacy(
    *, product: Mapping[str, Any], ids: IdMap | None = None, zone: clock.Zone = clock.LEGACY_ZONE
) -> LegacyProductRow:
    """The `tbl_product` row for a clean product (no `id` if it is new to the legacy shop)."""
    to_legacy = partial(clock.clean_to_legacy, zone=zone)
    with at("product"):
        legacy_id = own_legacy_id(Kind.PRODUCT, product, ids=ids)
        row: LegacyProductRow = {
            "prod_code": text(product, "sku", max_length=32, allow_empty=False),
            "prod_name": text(product, "name", max_length=200, allow_empty=False),
            "descr": text(product, "description"),
            "price_cents": converted(product, "price", legacy_cents),
            "qty_on_hand": whole(product, "stock", maximum=LEGACY_MAX_INT),
            "cat_id": referenced_legacy_id(Kind.CATEGORY, product, "category", ids=ids),
            "active_yn": converted(product, "active", bool_to_yn),
            "created_dt": converted(product, "created_at", to_legacy),
            "modified_dt": converted(product, "updated_at", to_legacy),
        }
    return {"id": legacy_id, **row} if legacy_id is not None else row
