"""Backfill and reconcile of orders: `tbl_order` + `tbl_order_line` into orders and lines here.

Copies go through `acl.orders` and the very checks forward sync applies (`sync`), written in
bulk so that a million orders copy at a useful rate, with `order_apply_from_legacy`'s rules:
whole orders, never older over newer (by the legacy `modified_dt`), no events. If forward sync
writes one of the batch's orders between our read and our write, the batch falls back to
`order_apply_from_legacy` row by row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from acl.clock import format_utc
from acl.ids import IdMap, Kind
from acl.orders import order_from_legacy, order_to_legacy
from extracted_services.orders.readmodels.models import CustomerSnapshot, ProductSnapshot
from extracted_services.service_defaults.backfill.bulk import insert_new
from extracted_services.service_defaults.backfill.legacy import legacy_zone
from extracted_services.service_defaults.backfill.legacy_tables import LegacyOrders, order_form
from extracted_services.service_defaults.backfill.steps import (
    Copy,
    Form,
    LegacyItem,
    Outcome,
    PrefetchedIds,
    Unexpressible,
    apply_each,
    describe,
)

from .errors import OrderInvalid, OrderStateConflict
from .models import Order, OrderLine, OrderStatus
from .sync import _parsed as order_copy_fields  # the validation forward sync applies
from .sync import order_apply_from_legacy

ORDER_FIELDS = (
    "id",
    "legacy_id",
    "customer_id",
    "customer_legacy_id",
    "status",
    "shipping_address",
    "total",
    "currency",
    "placed_at",
    "shipped_at",
    "updated_at",
    "legacy_modified_at",
)
LINE_FIELDS = (
    "order_id",
    "id",
    "legacy_id",
    "product_id",
    "product_legacy_id",
    "quantity",
    "unit_price",
)
# Orders that never reach the legacy shop: still being placed, or refused.
NEVER_IN_LEGACY = (OrderStatus.PENDING, OrderStatus.REJECTED)


class OrdersStep(LegacyOrders):
    name = "orders"

    def translate(self, item: LegacyItem, *, ids: IdMap | None, zone: str) -> Mapping[str, Any]:
        order, lines = item.rows
        return order_from_legacy(order=order, lines=lines, ids=ids, zone=zone)

    def id_map(self, items: Sequence[LegacyItem]) -> IdMap | None:
        orders = [item.rows[0] for item in items]
        lines = [line for item in items for line in item.rows[1]]
        return PrefetchedIds.read(
            {
                Kind.ORDER: (Order, [order["id"] for order in orders]),
                Kind.ORDER_LINE: (OrderLine, [line["id"] for line in lines]),
                Kind.CUSTOMER: (CustomerSnapshot, [order["cust_id"] for order in orders]),
                Kind.PRODUCT: (ProductSnapshot, [line["prod_id"] for line in lines]),
            }
        )

    def apply(self, copies: list[Copy]) -> Outcome:
        outcome = Outcome()
        parsed: list[tuple[Copy, dict[str, Any]]] = []
        for copy in copies:
            try:
                parsed.append((copy, order_copy_fields(copy.clean)))
            except OrderInvalid as error:
                outcome.fail(copy.legacy_id, describe(error))
        creates, updates = _sorted_out(parsed, outcome)
        try:
            with transaction.atomic():
                _write(creates=creates, updates=updates)
        except IntegrityError:
            # Forward sync copied one of these orders after our read: go row by row, as it does.
            written = {fields["id"] for fields in [*creates, *updates]}
            pending = [copy for copy, fields in parsed if fields["id"] in written]
            outcome.merge(
                apply_each(
                    pending,
                    lambda clean: order_apply_from_legacy(order=clean)[1],
                    refusals=(OrderInvalid, OrderStateConflict),
                )
            )
        else:
            outcome.copied += len(creates) + len(updates)
        return outcome

    def written_models(self) -> Sequence[type[models.Model]]:
        return (Order, OrderLine)

    def service_rows(self) -> models.QuerySet[Any, Any]:
        return Order.objects.filter(legacy_id__isnull=False).values(*ORDER_FIELDS)

    def service_forms(self, rows: list[dict[str, Any]]) -> dict[int, Form | Unexpressible]:
        lines: dict[UUID, list[dict[str, Any]]] = defaultdict(list)
        found = OrderLine.objects.filter(order_id__in=[row["id"] for row in rows])
        for line in found.order_by().values(*LINE_FIELDS):
            lines[line["order_id"]].append(line)
        zone = legacy_zone()
        return {
            row["legacy_id"]: self.expressed(
                lambda pair: _legacy_form(*pair, zone=zone), (row, lines.get(row["id"], []))
            )
            for row in rows
        }

    def service_unmapped(self) -> models.QuerySet[Any, Any]:
        return (
            Order.objects.filter(legacy_id__isnull=True)
            .exclude(status__in=NEVER_IN_LEGACY)
            .order_by("id")
            .values_list("id", flat=True)
        )


def _sorted_out(
    parsed: list[tuple[Copy, dict[str, Any]]], outcome: Outcome
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """New orders and orders to update; older copies and taken legacy ids go to the outcome."""
    legacy_ids = [fields["legacy_id"] for _, fields in parsed]
    if not legacy_ids:
        return [], []
    # One indexed range read locks every order of the batch here: those the copies update, and
    # any other order already holding one of their legacy ids.
    here = Order.objects.select_for_update().filter(
        legacy_id__gte=min(legacy_ids), legacy_id__lte=max(legacy_ids)
    )
    last_applied = {}
    holders = {}
    for pk, legacy_id, modified_at in here.values_list("id", "legacy_id", "legacy_modified_at"):
        last_applied[pk] = modified_at
        holders[legacy_id] = pk
    creates, updates = [], []
    for copy, fields in parsed:
        holder = holders.get(fields["legacy_id"])
        if holder is not None and holder != fields["id"]:
            outcome.fail(
                copy.legacy_id,
                f"legacy order {fields['legacy_id']} is already order {holder} here, "
                f"not {fields['id']}",
            )
        elif fields["id"] not in last_applied:
            creates.append(fields)
        elif (last := last_applied[fields["id"]]) and fields["legacy_modified_at"] < last:
            outcome.newer_here += 1
        else:
            updates.append(fields)
    return creates, updates


def _write(*, creates: list[dict[str, Any]], updates: list[dict[str, Any]]) -> None:
    copies = [*creates, *updates]
    product_ids = {line["product_id"] for fields in copies for line in fields["lines"]}
    products = {
        pk: (sku, name)
        for pk, sku, name in ProductSnapshot.objects.filter(pk__in=product_ids).values_list(
            "pk", "sku", "name"
        )
    }
    insert_new(Order, [Order(**_order_fields(fields)) for fields in creates])
    now = timezone.now()
    for fields in updates:
        changes = _order_fields(fields)
        del changes["id"]
        Order.objects.filter(pk=fields["id"]).update(**changes, updated_at=now)
    OrderLine.objects.filter(order_id__in=[fields["id"] for fields in updates]).delete()
    insert_new(
        OrderLine,
        [
            OrderLine(
                order_id=fields["id"],
                sku=products.get(line["product_id"], ("", ""))[0],
                product_name=products.get(line["product_id"], ("", ""))[1],
                **line,
            )
            for fields in copies
            for line in fields["lines"]
        ],
    )


def _order_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if name != "lines"}


def _legacy_form(row: dict[str, Any], lines: list[dict[str, Any]], *, zone: str) -> Form:
    """An order here as the legacy shop would hold it: clean, then `acl.orders.order_to_legacy`."""
    currency = row["currency"]
    clean = {
        "id": str(row["id"]),
        "legacy_id": row["legacy_id"],
        "customer_id": str(row["customer_id"]),
        "customer_legacy_id": row["customer_legacy_id"],
        "status": row["status"],
        "shipping_address": row["shipping_address"],
        "total": _money(row["total"], currency),
        "placed_at": _time(row["placed_at"]),
        "shipped_at": _time(row["shipped_at"]),
        # The legacy version this copy is of; an order born here has only its own time.
        "updated_at": _time(row["legacy_modified_at"] or row["updated_at"]),
        "lines": [
            {
                "id": str(line["id"]),
                "legacy_id": line["legacy_id"],
                "product_id": str(line["product_id"]),
                "product_legacy_id": line["product_legacy_id"],
                "quantity": line["quantity"],
                "unit_price": _money(line["unit_price"], currency),
            }
            for line in sorted(lines, key=lambda line: (line["legacy_id"] or 0, str(line["id"])))
        ],
    }
    legacy_rows = order_to_legacy(order=clean, zone=zone)
    return order_form(dict(legacy_rows["order"]), [dict(line) for line in legacy_rows["lines"]])


def _money(amount: Decimal, currency: str) -> dict[str, str]:
    return {"amount": f"{amount:.2f}", "currency": currency}


def _time(instant: Any) -> str | None:
    return None if instant is None else format_utc(instant)
