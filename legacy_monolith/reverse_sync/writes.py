"""Clean entities from the services written into the legacy tables, recording no change events.

Each `<entity>_apply_to_legacy` translates with the ACL (`acl.users`, `acl.products`,
`acl.orders`) and writes with `QuerySet.update()` / `bulk_create()` inside
`messaging.changes.suppressed()`, so the monolith's change feed records nothing and nothing
echoes back to the services. Rows are written as the ACL gives them, timestamps included
(`auto_now` columns are overwritten after an insert, since Django stamps them on the way in).

A copy older than the legacy row (by `modified_dt`) is skipped, so a late event cannot roll the
row back. A row new to the legacy shop is inserted and its id recorded in the `IdMap`;
`Applied.unlinked` then lists what the owning service still has to be told.

Call inside `transaction.atomic()` (the consumer's inbox transaction).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction

from acl.ids import IdMap, Kind, parse_uuid
from acl.orders import order_to_legacy
from acl.products import category_to_legacy, product_to_legacy
from acl.users import customer_to_legacy
from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.orders.models import Order, OrderLine
from messaging.changes import suppressed


class ReverseSyncConflict(Exception):
    """The legacy tables refuse the row (e.g. a username or SKU another row has)."""


@dataclass
class Applied:
    """What a write did: the legacy id, whether it wrote, and pairs the owner must be told."""

    legacy_id: int
    written: bool
    unlinked: list[tuple[Kind, UUID, int]] = field(default_factory=list)


def customer_apply_to_legacy(*, customer: Mapping[str, Any], ids: IdMap) -> Applied:
    """Write a clean customer into `auth_user` and `tbl_customer_profile`.

    Staff flags (`is_staff`, `is_superuser`) are never written: the ACL does not translate them.
    """
    rows = customer_to_legacy(customer=customer, ids=ids)
    user_row: dict[str, Any] = dict(rows["user"])
    profile_row: dict[str, Any] = dict(rows["profile"])
    user_model = get_user_model()
    with _writing():
        legacy_id = user_row.pop("id", None)
        profile_row.pop("user_id", None)
        if legacy_id is not None and _newer_in_legacy(
            Profile, {"user_id": legacy_id}, profile_row["modified_dt"]
        ):
            return Applied(legacy_id, False, _unlinked(Kind.CUSTOMER, customer, legacy_id))
        legacy_id, inserted = _put(user_model, legacy_id, user_row, times=())
        if not Profile.objects.filter(user_id=legacy_id).update(**profile_row):
            _insert(Profile, {"user_id": legacy_id, **profile_row}, times=("modified_dt",))
        if inserted:
            ids.record(Kind.CUSTOMER, id=parse_uuid(customer["id"]), legacy_id=legacy_id)
    return Applied(legacy_id, True, _unlinked(Kind.CUSTOMER, customer, legacy_id))


def category_apply_to_legacy(*, category: Mapping[str, Any], ids: IdMap) -> Applied:
    """Write a clean category into `tbl_category` (which has no modification time)."""
    row: dict[str, Any] = dict(category_to_legacy(category=category, ids=ids))
    with _writing():
        legacy_id, inserted = _put(Category, row.pop("id", None), row, times=())
        if inserted:
            ids.record(Kind.CATEGORY, id=parse_uuid(category["id"]), legacy_id=legacy_id)
    return Applied(legacy_id, True, _unlinked(Kind.CATEGORY, category, legacy_id))


def product_apply_to_legacy(*, product: Mapping[str, Any], ids: IdMap) -> Applied:
    """Write a clean product into `tbl_product`; its category must be in the legacy shop."""
    row: dict[str, Any] = dict(product_to_legacy(product=product, ids=ids))
    with _writing():
        legacy_id = row.pop("id", None)
        if legacy_id is not None and _newer_in_legacy(
            Product, {"pk": legacy_id}, row["modified_dt"]
        ):
            return Applied(legacy_id, False, _unlinked(Kind.PRODUCT, product, legacy_id))
        legacy_id, inserted = _put(Product, legacy_id, row, times=("created_dt", "modified_dt"))
        if inserted:
            ids.record(Kind.PRODUCT, id=parse_uuid(product["id"]), legacy_id=legacy_id)
    return Applied(legacy_id, True, _unlinked(Kind.PRODUCT, product, legacy_id))


def order_apply_to_legacy(*, order: Mapping[str, Any], ids: IdMap) -> Applied:
    """Write a clean order into `tbl_order` and its lines into `tbl_order_line`.

    Lines the order no longer has are deleted. Stock is not touched: the products service
    announces its own stock changes. Its customer and products must be in the legacy shop.
    """
    rows = order_to_legacy(order=order, ids=ids)
    row: dict[str, Any] = dict(rows["order"])
    with _writing():
        legacy_id = row.pop("id", None)
        if legacy_id is not None and _newer_in_legacy(Order, {"pk": legacy_id}, row["modified_dt"]):
            return Applied(legacy_id, False, _unlinked(Kind.ORDER, order, legacy_id))
        legacy_id, inserted = _put(Order, legacy_id, row, times=("order_dt", "modified_dt"))
        if inserted:
            ids.record(Kind.ORDER, id=parse_uuid(order["id"]), legacy_id=legacy_id)
        _put_lines(legacy_id, order["lines"], rows["lines"], ids=ids)
    return Applied(legacy_id, True, _unlinked(Kind.ORDER, order, legacy_id))


def deleted_in_service(*, model: type[models.Model], legacy_id: int) -> bool:
    """Delete a row its owner deleted; True if there was one."""
    with _writing():
        deleted, _ = model._default_manager.filter(pk=legacy_id).delete()
    return deleted > 0


def _put_lines(
    order_id: int,
    clean_lines: Sequence[Mapping[str, Any]],
    line_rows: Sequence[Mapping[str, Any]],
    *,
    ids: IdMap,
) -> None:
    kept = [row["id"] for row in line_rows if "id" in row]
    OrderLine.objects.filter(order_id=order_id).exclude(pk__in=kept).delete()
    for clean, line_row in zip(clean_lines, line_rows, strict=True):
        values = {**line_row, "order_id": order_id}
        line_id, inserted = _put(OrderLine, values.pop("id", None), values, times=())
        if inserted:
            ids.record(Kind.ORDER_LINE, id=parse_uuid(clean["id"]), legacy_id=line_id)


def _put(
    model: type[models.Model], legacy_id: int | None, row: dict[str, Any], *, times: Sequence[str]
) -> tuple[int, bool]:
    """Update the row `legacy_id`, or insert it (with that id, if it was deleted here)."""
    if legacy_id is not None and model._default_manager.filter(pk=legacy_id).update(**row):
        return legacy_id, False
    values = row if legacy_id is None else {"id": legacy_id, **row}
    return _insert(model, values, times=times), True


def _insert(model: type[models.Model], values: dict[str, Any], *, times: Sequence[str]) -> int:
    try:
        with transaction.atomic():
            [created] = model._default_manager.bulk_create([model(**values)])
    except IntegrityError as exc:
        raise ReverseSyncConflict(
            f"the legacy table {model._meta.db_table} refused {values!r}: {exc}"
        ) from exc
    if times:
        # Inserting stamped the auto_now(_add) columns with now; keep the owner's times.
        model._default_manager.filter(pk=created.pk).update(
            **{name: values[name] for name in times}
        )
    return created.pk


def _newer_in_legacy(model: type[models.Model], lookup: dict[str, Any], copy: datetime) -> bool:
    current = model._default_manager.filter(**lookup).values_list("modified_dt", flat=True)
    modified = next(iter(current.select_for_update()), None)
    return modified is not None and modified > copy


def _unlinked(kind: Kind, clean: Mapping[str, Any], legacy_id: int) -> list[tuple[Kind, UUID, int]]:
    """The pair to tell the owner about when its copy does not carry the legacy id yet."""
    if clean.get("legacy_id") is not None:
        return []
    return [(kind, parse_uuid(clean["id"]), legacy_id)]


@contextmanager
def _writing() -> Iterator[None]:
    with suppressed(), transaction.atomic():
        yield
