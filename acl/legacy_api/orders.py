"""Legacy API orders and order requests as clean orders, and back."""

from collections.abc import Mapping
from typing import Any

from acl import clock
from acl.address import parse_blob
from acl.errors import TranslationError, at
from acl.fields import (
    LEGACY_MAX_INT,
    clean_id,
    converted,
    legacy_key,
    nullable,
    referenced_legacy_id,
    required,
    sequence,
    text,
    whole,
)
from acl.ids import IdMap, Kind
from acl.money import legacy_cents, money_from_cents
from acl.orders import check_line_total, order_from_legacy, order_to_legacy

from .catalogue import shown_legacy_id
from .formats import api_time_to_local, local_to_api_time

# POST /api/orders/ limits (API.md).
MAX_LINES = 100
MAX_LINE_QTY = 999
MAX_ADDR_LENGTH = 1000


def order_from_api(
    body: Mapping[str, Any], *, ids: IdMap | None = None, zone: clock.Zone = clock.LEGACY_ZONE
) -> dict[str, Any]:
    """The clean order for an API order.

    The API shows no line ids, so its lines carry no `id` / `legacy_id`; `prod_code` and
    `prod_name` belong to the product, not the order, and are not kept.
    """
    with at("order"):
        row = {
            "id": required(body, "order_id"),
            "cust_id": required(body, "cust_id"),
            "status": required(body, "status"),
            "ship_addr": required(body, "ship_addr"),
            "total_cents": required(body, "total_cents"),
            "order_dt": converted(body, "order_dt", api_time_to_local),
            "ship_dt": converted(body, "ship_dt", nullable(api_time_to_local)),
            "modified_dt": converted(body, "modified_dt", api_time_to_local),
        }
        lines = []
        for index, line in enumerate(sequence(body, "lines")):
            with at("lines"), at(index):
                lines.append(_line_from_api(line, ids=ids))
    return {**order_from_legacy(order=row, lines=[], ids=ids, zone=zone), "lines": lines}


def _line_from_api(line: Mapping[str, Any], *, ids: IdMap | None) -> dict[str, Any]:
    quantity = whole(line, "qty")
    unit_cents = whole(line, "unit_price_cents")
    if whole(line, "line_total_cents") != quantity * unit_cents:
        raise TranslationError(
            f"is {line['line_total_cents']} but qty {quantity} x unit_price_cents {unit_cents} "
            f"is {quantity * unit_cents}",
            field="line_total_cents",
        )
    return {
        "product_id": clean_id(Kind.PRODUCT, line, "prod_id", ids=ids),
        "product_legacy_id": legacy_key(line, "prod_id"),
        "quantity": quantity,
        "unit_price": money_from_cents(unit_cents),
        "total": money_from_cents(quantity * unit_cents),
    }


def order_to_api(
    *,
    order: Mapping[str, Any],
    products: Mapping[str, Mapping[str, Any]],
    ids: IdMap | None = None,
    zone: clock.Zone = clock.LEGACY_ZONE,
) -> dict[str, Any]:
    """The API order for a clean order.

    `products` maps each line's `product_id` to that product's `sku` and `name` (a clean
    product or the orders service's snapshot of one): the API shows them on every line.
    """
    rows = order_to_legacy(order={**order, "lines": []}, ids=ids, zone=zone)
    row = rows["order"]
    with at("order"):
        order_id = shown_legacy_id(Kind.ORDER, order, row)
        lines = []
        for index, line in enumerate(sequence(order, "lines")):
            with at("lines"), at(index):
                lines.append(_line_to_api(line, products=products, ids=ids))
    return {
        "order_id": order_id,
        "cust_id": row["cust_id"],
        "status": row["status"],
        "total_cents": row["total_cents"],
        "ship_addr": row["ship_addr"],
        "order_dt": local_to_api_time(row["order_dt"]),
        "ship_dt": None if row["ship_dt"] is None else local_to_api_time(row["ship_dt"]),
        "modified_dt": local_to_api_time(row["modified_dt"]),
        "lines": lines,
    }


def _line_to_api(
    line: Mapping[str, Any], *, products: Mapping[str, Mapping[str, Any]], ids: IdMap | None
) -> dict[str, Any]:
    prod_id = referenced_legacy_id(Kind.PRODUCT, line, "product", ids=ids)
    quantity = whole(line, "quantity", maximum=LEGACY_MAX_INT)
    unit_cents = converted(line, "unit_price", legacy_cents)
    if "total" in line:
        check_line_total(line["total"], quantity=quantity, unit_cents=unit_cents)
    product = products.get(str(line["product_id"]))
    if product is None:
        raise TranslationError(
            f"no sku and name known for product {line['product_id']}; pass it in `products`",
            field="product_id",
        )
    return {
        "prod_id": prod_id,
        "prod_code": text(product, "sku"),
        "prod_name": text(product, "name"),
        "qty": quantity,
        "unit_price_cents": unit_cents,
        "line_total_cents": quantity * unit_cents,
    }


def order_request_from_api(body: Any, *, ids: IdMap | None = None) -> dict[str, Any]:
    """The clean order request for a `POST /api/orders/` body.

    `{"lines": [{"prod_id", "qty"}], "ship_addr"?}` becomes
    `{"lines": [{"product_id", "product_legacy_id", "quantity"}], "shipping_address"?}`; without
    a `ship_addr` (or with an empty one) there is no `shipping_address` and the customer's own
    address applies, as in the monolith. Errors name the body's own paths (`lines.0.qty`).
    """
    if not isinstance(body, Mapping):
        raise TranslationError("the body must be a JSON object")
    _refuse_unknown(body, {"lines", "ship_addr"})
    lines = sequence(body, "lines")
    if not 1 <= len(lines) <= MAX_LINES:
        raise TranslationError(f"must have 1 to {MAX_LINES} lines", field="lines")
    request: dict[str, Any] = {"lines": []}
    seen: dict[int, int] = {}
    for index, line in enumerate(lines):
        with at("lines"), at(index):
            if not isinstance(line, Mapping):
                raise TranslationError('each line is {"prod_id": ..., "qty": ...}')
            _refuse_unknown(line, {"prod_id", "qty"})
            prod_id = whole(line, "prod_id", minimum=1, maximum=LEGACY_MAX_INT)
            if prod_id in seen:
                raise TranslationError(
                    f"product {prod_id} is already on line {seen[prod_id]}", field="prod_id"
                )
            seen[prod_id] = index
            request["lines"].append(
                {
                    "product_id": clean_id(Kind.PRODUCT, line, "prod_id", ids=ids),
                    "product_legacy_id": prod_id,
                    "quantity": whole(line, "qty", minimum=1, maximum=MAX_LINE_QTY),
                }
            )
    ship_addr = text(body, "ship_addr", max_length=MAX_ADDR_LENGTH) if "ship_addr" in body else ""
    if ship_addr.strip():
        # The monolith stores the blob trimmed; the same text is translated here.
        request["shipping_address"] = parse_blob(ship_addr.strip())
    return request


def _refuse_unknown(data: Mapping[str, Any], known: set[str]) -> None:
    for key in data:
        if key not in known:
            raise TranslationError("unknown field", field=str(key))
