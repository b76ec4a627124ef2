"""Orders: a legacy `tbl_order` row and its `tbl_order_line` rows as one clean order, and back."""

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any, TypedDict

from . import clock
from .address import CleanAddress, parse_blob, render_blob
from .errors import TranslationError, at
from .fields import (
    LEGACY_MAX_INT,
    clean_id,
    converted,
    legacy_key,
    nullable,
    own_legacy_id,
    referenced_legacy_id,
    sequence,
    whole,
)
from .ids import IdMap, Kind
from .money import Money, legacy_cents, money_from_cents, money_to_cents
from .status import status_to_letter, status_to_word


class OrderLine(TypedDict):
    id: str
    legacy_id: int | None
    product_id: str
    product_legacy_id: int | None
    quantity: int
    unit_price: Money
    total: Money


class Order(TypedDict):
    id: str
    legacy_id: int | None
    customer_id: str
    customer_legacy_id: int | None
    status: str
    shipping_address: CleanAddress | None
    total: Money
    placed_at: str
    shipped_at: str | None
    updated_at: str
    lines: list[OrderLine]


class LegacyOrderRow(TypedDict, total=False):
    """A `tbl_order` row; `id` is absent for an order new to the legacy shop."""

    id: int
    cust_id: int
    status: str
    ship_addr: str
    total_cents: int
    order_dt: Any
    ship_dt: Any
    modified_dt: Any


class LegacyOrderLineRow(TypedDict, total=False):
    """A `tbl_order_line` row; `id` / `order_id` are absent while they have none."""

    id: int
    order_id: int
    prod_id: int
    qty: int
    unit_price_cents: int


class LegacyOrder(TypedDict):
    order: LegacyOrderRow
    lines: list[LegacyOrderLineRow]


def order_from_legacy(
    *,
    order: Mapping[str, Any],
    lines: Sequence[Mapping[str, Any]],
    ids: IdMap | None = None,
    zone: clock.Zone = clock.LEGACY_ZONE,
) -> Order:
    """The clean order for a `tbl_order` row and its line rows (in the order given)."""
    to_clean = partial(clock.legacy_to_clean, zone=zone)
    with at("order"):
        legacy_id = legacy_key(order)
        clean_lines = []
        for index, line in enumerate(lines):
            with at("lines"), at(index):
                clean_lines.append(_line_from_legacy(line, order_legacy_id=legacy_id, ids=ids))
        return {
            "id": clean_id(Kind.ORDER, order, ids=ids),
            "legacy_id": legacy_id,
            "customer_id": clean_id(Kind.CUSTOMER, order, "cust_id", ids=ids),
            "customer_legacy_id": legacy_key(order, "cust_id"),
            "status": converted(order, "status", status_to_word),
            "shipping_address": converted(order, "ship_addr", parse_blob),
            "total": converted(order, "total_cents", money_from_cents),
            "placed_at": converted(order, "order_dt", to_clean),
            "shipped_at": converted(order, "ship_dt", nullable(to_clean)),
            "updated_at": converted(order, "modified_dt", to_clean),
            "lines": clean_lines,
        }


def _line_from_legacy(
    line: Mapping[str, Any], *, order_legacy_id: int, ids: IdMap | None
) -> OrderLine:
    if line.get("order_id", order_legacy_id) != order_legacy_id:
        raise TranslationError(
            f"belongs to order {line['order_id']!r}, not to order {order_legacy_id}",
            field="order_id",
        )
    quantity = whole(line, "qty")
    unit_cents = whole(line, "unit_price_cents")
    return {
        "id": clean_id(Kind.ORDER_LINE, line, ids=ids),
        "legacy_id": legacy_key(line),
        "product_id": clean_id(Kind.PRODUCT, line, "prod_id", ids=ids),
        "product_legacy_id": legacy_key(line, "prod_id"),
        "quantity": quantity,
        "unit_price": money_from_cents(unit_cents),
        "total": money_from_cents(quantity * unit_cents),
    }


def order_to_legacy(
    *,
    order: Mapping[str, Any],
    ids: IdMap | None = None,
    zone: clock.Zone = clock.LEGACY_ZONE,
) -> LegacyOrder:
    """The `tbl_order` row and `tbl_order_line` rows for a clean order.

    Rows new to the legacy shop have no `id` (and lines of a new order no `order_id`): insert
    them, then record each new pair in the `IdMap`.
    """
    to_legacy = partial(clock.clean_to_legacy, zone=zone)
    with at("order"):
        legacy_id = own_legacy_id(Kind.ORDER, order, ids=ids)
        row: LegacyOrderRow = {
            "cust_id": referenced_legacy_id(Kind.CUSTOMER, order, "customer", ids=ids),
            "status": converted(order, "status", status_to_letter),
            "ship_addr": converted(order, "shipping_address", render_blob),
            "total_cents": converted(order, "total", legacy_cents),
            "order_dt": converted(order, "placed_at", to_legacy),
            "ship_dt": converted(order, "shipped_at", nullable(to_legacy)),
            "modified_dt": converted(order, "updated_at", to_legacy),
        }
        line_rows = []
        for index, line in enumerate(sequence(order, "lines")):
            with at("lines"), at(index):
                line_rows.append(_line_to_legacy(line, order_legacy_id=legacy_id, ids=ids))
    if legacy_id is not None:
        row = {"id": legacy_id, **row}
    return {"order": row, "lines": line_rows}


def _line_to_legacy(
    line: Mapping[str, Any], *, order_legacy_id: int | None, ids: IdMap | None
) -> LegacyOrderLineRow:
    legacy_id = own_legacy_id(Kind.ORDER_LINE, line, ids=ids)
    quantity = whole(line, "quantity", maximum=LEGACY_MAX_INT)
    unit_cents = converted(line, "unit_price", legacy_cents)
    if "total" in line:
        check_line_total(line["total"], quantity=quantity, unit_cents=unit_cents)
    row: LegacyOrderLineRow = {
        "prod_id": referenced_legacy_id(Kind.PRODUCT, line, "product", ids=ids),
        "qty": quantity,
        "unit_price_cents": unit_cents,
    }
    if order_legacy_id is not None:
        row = {"order_id": order_legacy_id, **row}
    if legacy_id is not None:
        row = {"id": legacy_id, **row}
    return row


def check_line_total(total: Any, *, quantity: int, unit_cents: int) -> None:
    """Raise unless a clean line total is quantity x unit price (the legacy line stores none)."""
    with at("total"):
        total_cents = money_to_cents(total)
    if total_cents != quantity * unit_cents:
        expected = money_from_cents(quantity * unit_cents)["amount"]
        raise TranslationError(
            f"is {total['amount']} but quantity {quantity} x unit_price "
            f"{money_from_cents(unit_cents)['amount']} is {expected}",
            field="total",
        )
