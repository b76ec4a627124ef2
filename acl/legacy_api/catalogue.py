"""Legacy API products and categories as clean products and categories, and back."""

from collections.abc import Mapping
from typing import Any

from acl import clock
from acl.errors import TranslationError, UnmappedIdError, at
from acl.fields import converted, required
from acl.flags import bool_to_yn, yn_to_bool
from acl.ids import IdMap, Kind
from acl.products import (
    Category,
    Product,
    category_from_legacy,
    category_to_legacy,
    product_from_legacy,
    product_to_legacy,
)

from .formats import api_time_to_local, local_to_api_time


def product_from_api(
    body: Mapping[str, Any], *, ids: IdMap | None = None, zone: clock.Zone = clock.LEGACY_ZONE
) -> Product:
    """The clean product for an API product. `in_stock` and `cat_name` are derived, not kept."""
    with at("product"):
        row = {
            "id": required(body, "prod_id"),
            **{key: required(body, key) for key in _PRODUCT_COLUMNS},
            "active_yn": required(body, "active"),
            "created_dt": converted(body, "created_dt", api_time_to_local),
            "modified_dt": converted(body, "modified_dt", api_time_to_local),
        }
        in_stock = converted(body, "in_stock", yn_to_bool)
        if in_stock != (isinstance(row["qty_on_hand"], int) and row["qty_on_hand"] > 0):
            raise TranslationError(
                f"is {body['in_stock']!r} but qty_on_hand is {row['qty_on_hand']!r}",
                field="in_stock",
            )
    return product_from_legacy(row=row, ids=ids, zone=zone)


_PRODUCT_COLUMNS = ("prod_code", "prod_name", "descr", "price_cents", "qty_on_hand", "cat_id")


def product_to_api(
    *,
    product: Mapping[str, Any],
    category_name: str,
    ids: IdMap | None = None,
    zone: clock.Zone = clock.LEGACY_ZONE,
) -> dict[str, Any]:
    """The API product for a clean product; `category_name` is its category's `name`."""
    row = product_to_legacy(product=product, ids=ids, zone=zone)
    with at("product"):
        prod_id = shown_legacy_id(Kind.PRODUCT, product, row)
        if not isinstance(category_name, str):
            raise TranslationError("expected the category's name as text", field="category_name")
    return {
        "prod_id": prod_id,
        "prod_code": row["prod_code"],
        "prod_name": row["prod_name"],
        "descr": row["descr"],
        "price_cents": row["price_cents"],
        "qty_on_hand": row["qty_on_hand"],
        "in_stock": bool_to_yn(row["qty_on_hand"] > 0),
        "cat_id": row["cat_id"],
        "cat_name": category_name,
        "active": row["active_yn"],
        "created_dt": local_to_api_time(row["created_dt"]),
        "modified_dt": local_to_api_time(row["modified_dt"]),
    }


def category_from_api(body: Mapping[str, Any], *, ids: IdMap | None = None) -> Category:
    """The clean category for an API category; the API lists only visible ones."""
    with at("category"):
        row = {
            "id": required(body, "cat_id"),
            "cat_name": required(body, "cat_name"),
            "slug": required(body, "slug"),
            "visible_yn": "Y",
            "sort_order": required(body, "sort_order"),
        }
    return category_from_legacy(row=row, ids=ids)


def category_to_api(*, category: Mapping[str, Any], ids: IdMap | None = None) -> dict[str, Any]:
    """The API category for a clean category (callers list only visible ones, as the API does)."""
    row = category_to_legacy(category=category, ids=ids)
    with at("category"):
        cat_id = shown_legacy_id(Kind.CATEGORY, category, row)
    return {
        "cat_id": cat_id,
        "cat_name": row["cat_name"],
        "slug": row["slug"],
        "sort_order": row["sort_order"],
    }


def shown_legacy_id(kind: Kind, clean: Mapping[str, Any], row: Mapping[str, Any]) -> int:
    """The legacy id of a translated row; legacy clients know rows by it alone, so it must exist."""
    if "id" not in row:
        raise UnmappedIdError(
            f"{kind} {clean['id']} has no legacy id yet; legacy API clients know rows only by "
            "their legacy id, so sync it to the legacy shop first",
            field="id",
        )
    return int(row["id"])
