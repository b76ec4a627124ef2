"""The monolith's change feed (`legacy.*.v1` payloads) as the rows the translators take.

The feed serialises each row to JSON with naive local datetimes as ISO strings without an
offset ("2025-03-30T01:30:00"). These functions turn those strings back into naive `datetime`s
(and check every other part of the payload's shape), so that

    customer_from_legacy(**customer_rows(event.data), ids=...)
    order_from_legacy(**order_rows(event.data), ids=...)

read a feed event exactly as they read rows from the database. Errors are `TranslationError`s
naming the field (`order.lines.0.prod_id`).
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .errors import ClockError, TranslationError, at
from .fields import legacy_key, required

# The naive local timestamp columns of each row kind; every other column passes as it is.
TIME_COLUMNS: dict[str, tuple[str, ...]] = {
    "user": ("date_joined", "last_login"),
    "profile": ("modified_dt",),
    "category": (),
    "product": ("created_dt", "modified_dt"),
    "order": ("order_dt", "ship_dt", "modified_dt"),
    "line": (),
}


def local_time(value: Any) -> datetime | None:
    """A naive local time from its ISO string (None passes through); an offset is refused."""
    if value is None or (isinstance(value, datetime) and value.tzinfo is None):
        return value
    if not isinstance(value, str):
        raise ClockError(
            f"expected a naive local time such as '2024-06-01T09:30:00', got {value!r}"
        )
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ClockError(
            f"{value!r} is not an ISO-8601 local time such as '2024-06-01T09:30:00'"
        ) from None
    if parsed.tzinfo is not None:
        raise ClockError(f"{value!r} has an offset; the feed sends naive local times")
    return parsed


def row(data: Any, kind: str) -> dict[str, Any]:
    """One feed row of `kind` (a key of TIME_COLUMNS) with its timestamps parsed."""
    if not isinstance(data, Mapping):
        raise TranslationError(f"expected an object of columns, got {data!r}")
    parsed = dict(data)
    for column in TIME_COLUMNS[kind]:
        with at(column):
            parsed[column] = local_time(required(data, column))
    return parsed


def customer_rows(data: Any) -> dict[str, Any]:
    """`{"user": ..., "profile": ... or None}` of legacy.customers.customer.changed.v1."""
    with at("customer"):
        with at("user"):
            user = row(required(data, "user"), "user")
        profile = required(data, "profile")
        with at("profile"):
            return {"user": user, "profile": None if profile is None else row(profile, "profile")}


def category_row(data: Any) -> dict[str, Any]:
    """The `tbl_category` row of legacy.catalogue.category.changed.v1."""
    with at("category"):
        return row(data, "category")


def product_row(data: Any) -> dict[str, Any]:
    """The `tbl_product` row of legacy.catalogue.product.changed.v1."""
    with at("product"):
        return row(data, "product")


def order_rows(data: Any) -> dict[str, Any]:
    """`{"order": ..., "lines": [...]}` of legacy.orders.order.changed.v1."""
    with at("order"):
        order = row(required(data, "order"), "order")
        lines = required(data, "lines")
        with at("lines"):
            if not isinstance(lines, list):
                raise TranslationError(f"expected a list of order lines, got {lines!r}")
            parsed = []
            for index, line in enumerate(lines):
                with at(index):
                    parsed.append(row(line, "line"))
    return {"order": order, "lines": parsed}


def deleted_id(data: Any) -> int:
    """The legacy id of a `legacy.*.deleted.v1` event."""
    return legacy_key(data if isinstance(data, Mapping) else {"id": data})
