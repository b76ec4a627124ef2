"""The legacy shop's tables as the backfill reads them: the legacy half of every step.

A service's step subclasses one of these and adds its own half (translate, apply, its rows).
Columns are named exactly as the ACL reads them; customers are the shop's own definition of one
(an `auth_user` that is neither staff nor superuser), with their profile row if they have one.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from acl.errors import TranslationError
from acl.users import customer_from_legacy, customer_to_legacy

from . import legacy
from .steps import Form, LegacyItem, Step


class LegacyCategories(Step):
    noun = "category"
    table = "tbl_category"
    columns = "id, cat_name, slug, visible_yn, sort_order"


class LegacyProducts(Step):
    noun = "product"
    table = "tbl_product"
    columns = (
        "id, prod_code, prod_name, descr, price_cents, qty_on_hand, cat_id, active_yn, "
        "created_dt, modified_dt"
    )


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


class LegacyCustomers(Step):
    """`rows` is `(user, profile)`; `profile` is None for a user without a profile row."""

    noun = "customer"
    table = "auth_user u"
    source = "auth_user u LEFT JOIN tbl_customer_profile p ON p.user_id = u.id"
    id_column = "u.id"
    columns = ", ".join(
        [
            *(f"u.{name}" for name in USER_COLUMNS),
            *(f"p.{name} AS p_{name}" for name in PROFILE_COLUMNS),
        ]
    )
    where = "u.is_staff = %s AND u.is_superuser = %s"
    where_params = (False, False)

    def legacy_items(self, rows: list[dict[str, Any]]) -> list[LegacyItem]:
        items = []
        for row in rows:
            user = {name: row[name] for name in USER_COLUMNS}
            profile = {name: row[f"p_{name}"] for name in PROFILE_COLUMNS}
            pair = (user, profile if profile["user_id"] is not None else None)
            items.append(LegacyItem(legacy_id=user["id"], form=self.legacy_form(pair), rows=pair))
        return items

    def legacy_form(self, rows: Any) -> Form:
        user, profile = rows
        if profile is None:
            profile = _implied_profile(user)
        return {"user": user, "profile": profile}


def _implied_profile(user: dict[str, Any]) -> dict[str, Any] | None:
    """What the ACL reads for a user without a profile row, in the legacy vocabulary.

    None if the user row itself does not translate: the backfill reports that row as failed.
    """
    zone = legacy.legacy_zone()
    try:
        implied = customer_from_legacy(user=user, profile=None, zone=zone)
        return dict(customer_to_legacy(customer=implied, zone=zone)["profile"])
    except TranslationError:
        return None


ORDER_LINE_COLUMNS = "id, order_id, prod_id, qty, unit_price_cents"


class LegacyOrders(Step):
    """`rows` is `(order, lines)`, the lines in id order; the form keys lines by their id."""

    noun = "order"
    table = "tbl_order"
    columns = "id, cust_id, status, ship_addr, total_cents, order_dt, ship_dt, modified_dt"

    def legacy_items(self, rows: list[dict[str, Any]]) -> list[LegacyItem]:
        if not rows:
            return []
        lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
        # One range read for the batch's lines: tbl_order_line is indexed on order_id.
        for line in legacy.fetch(
            f"SELECT {ORDER_LINE_COLUMNS} FROM tbl_order_line "
            "WHERE order_id >= %s AND order_id <= %s ORDER BY order_id, id",
            [rows[0]["id"], rows[-1]["id"]],
        ):
            lines[line["order_id"]].append(line)
        items = []
        for row in rows:
            pair = (row, lines.get(row["id"], []))
            items.append(LegacyItem(legacy_id=row["id"], form=self.legacy_form(pair), rows=pair))
        return items

    def legacy_form(self, rows: Any) -> Form:
        order, lines = rows
        return order_form(order, lines)


def order_form(order: dict[str, Any], lines: list[dict[str, Any]]) -> Form:
    """An order's legacy form: its row, and its lines keyed by id (`new-<n>` for one without)."""
    return {
        "order": order,
        "lines": {
            str(line["id"]) if "id" in line else f"new-{index}": line
            for index, line in enumerate(lines)
        },
    }
