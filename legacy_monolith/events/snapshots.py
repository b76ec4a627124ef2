"""Payloads of the legacy change events, read from the tables inside the writing transaction.

Each reader takes aggregate ids and returns `{id: payload}` for those in the feed. Reading the
rows back (rather than copying a model object's attributes) means a payload holds exactly what
was written, values set in SQL such as `F("qty_on_hand") - 2` included, and never an unsaved
change of an object held in memory.
"""

from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model

from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.orders.models import Order, OrderLine

Payloads = dict[int, dict[str, Any]]

USER_COLUMNS = (
    "id",
    "username",
    "email",
    "first_name",
    "last_name",
    "password",
    "is_active",
    "date_joined",
    "last_login",
)
PROFILE_COLUMNS = ("user_id", "phone_no", "addr", "newsletter_yn", "modified_dt")
CATEGORY_COLUMNS = ("id", "cat_name", "slug", "visible_yn", "sort_order")
PRODUCT_COLUMNS = (
    "id",
    "prod_code",
    "prod_name",
    "descr",
    "price_cents",
    "qty_on_hand",
    "cat_id",
    "active_yn",
    "created_dt",
    "modified_dt",
)
ORDER_COLUMNS = (
    "id",
    "cust_id",
    "status",
    "ship_addr",
    "total_cents",
    "order_dt",
    "ship_dt",
    "modified_dt",
)
ORDER_LINE_COLUMNS = ("id", "order_id", "prod_id", "qty", "unit_price_cents")


def as_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row with its (naive local) timestamps as ISO strings without an offset."""
    return {
        column: value.isoformat() if isinstance(value, datetime | date) else value
        for column, value in row.items()
    }


def customers(ids: Collection[int], using: str) -> Payloads:
    """`{"user": ..., "profile": ... or None}` per customer; staff without a profile are left out."""
    users = get_user_model()._base_manager.using(using).filter(pk__in=ids).order_by()
    profiles = {
        row["user_id"]: row
        for row in Profile._base_manager.using(using)
        .filter(user_id__in=ids)
        .order_by()
        .values(*PROFILE_COLUMNS)
    }
    payloads: Payloads = {}
    for user in users.values(*USER_COLUMNS, "is_staff"):
        profile = profiles.get(user["id"])
        if user.pop("is_staff") and profile is None:
            continue  # staff, not a customer
        payloads[user["id"]] = {
            "user": as_json(user),
            "profile": None if profile is None else as_json(profile),
        }
    return payloads


def staff_without_profile(ids: Collection[int], using: str) -> set[int]:
    """Those of `ids` that are staff users with no profile: users, but not customers."""
    return set(
        get_user_model()
        ._base_manager.using(using)
        .filter(pk__in=ids, is_staff=True, profile__isnull=True)
        .values_list("pk", flat=True)
    )


def categories(ids: Collection[int], using: str) -> Payloads:
    rows = Category._base_manager.using(using).filter(pk__in=ids).order_by()
    return {row["id"]: as_json(row) for row in rows.values(*CATEGORY_COLUMNS)}


def products(ids: Collection[int], using: str) -> Payloads:
    rows = Product._base_manager.using(using).filter(pk__in=ids).order_by()
    return {row["id"]: as_json(row) for row in rows.values(*PRODUCT_COLUMNS)}


def orders(ids: Collection[int], using: str) -> Payloads:
    """`{"order": ..., "lines": [...]}` per order, lines in id order."""
    lines: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    line_rows = OrderLine._base_manager.using(using).filter(order_id__in=ids).order_by("id")
    for line in line_rows.values(*ORDER_LINE_COLUMNS):
        lines[line["order_id"]].append(line)
    rows = Order._base_manager.using(using).filter(pk__in=ids).order_by()
    return {
        row["id"]: {"order": as_json(row), "lines": lines[row["id"]]}
        for row in rows.values(*ORDER_COLUMNS)
    }
