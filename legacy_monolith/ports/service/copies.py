"""Detached copies of the shop's own model objects, translated from the services' clean dicts.

Templates, forms and the API's serializers render them exactly as rows read from the tables.
They are never saved: `save()` and `delete()` on a copy raise, because the service owns the
data and reverse sync alone writes the legacy tables.

A row the legacy shop has not been given an id for yet (born in a service, not yet reverse-
synced) has no copy: it cannot be linked to by the shop's integer URLs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import models

from acl.errors import TranslationError
from acl.orders import order_to_legacy
from acl.products import category_to_legacy, product_to_legacy
from acl.users import customer_to_legacy
from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.orders.models import Order, OrderLine

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=models.Model)

# Statuses only the orders service has, shown as the legacy letter closest to what the customer
# sees: a pending order is accepted and not yet confirmed; a rejected one did not go ahead.
SERVICE_ONLY_STATUSES = {"pending": "placed", "rejected": "cancelled"}


class ReadOnlyCopy(Exception):
    """A copy of a service's data was about to be written to the legacy tables."""


def detached(instance: M) -> M:
    """Mark `instance` as a copy: it looks loaded from the database but refuses to be written."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ReadOnlyCopy(
            f"{type(instance).__name__} {instance.pk} is a copy of a service's data; "
            "change it through the service that owns it"
        )

    instance._state.adding = False
    instance.save = refuse  # type: ignore[method-assign]
    instance.delete = refuse  # type: ignore[method-assign,assignment]
    return instance


def category_copy(category: Mapping[str, Any]) -> Category | None:
    row = _translated("category", category, lambda: category_to_legacy(category=category))
    if row is None or "id" not in row:
        return None
    return detached(Category(**row))


def product_copy(
    product: Mapping[str, Any], *, categories: Mapping[int, Category]
) -> Product | None:
    """The product, with `product.cat` from `categories` (by legacy id) when it is there."""
    row = _translated("product", product, lambda: product_to_legacy(product=product))
    if row is None or "id" not in row:
        return None
    copy = detached(Product(**row))
    if row["cat_id"] in categories:
        copy.cat = categories[row["cat_id"]]
    return copy


def order_copy(order: Mapping[str, Any]) -> Order | None:
    """The order with its lines prefetched (`order.lines.all()` reads no table)."""
    shown = {
        **order,
        "status": SERVICE_ONLY_STATUSES.get(str(order.get("status")), order.get("status")),
        # A pending order has not been placed yet: show when it was asked for.
        "placed_at": order.get("placed_at") or order.get("created_at"),
    }
    rows = _translated("order", order, lambda: order_to_legacy(order=shown))
    if rows is None or "id" not in rows["order"]:
        return None
    copy = detached(Order(**rows["order"]))
    lines = []
    for clean_line, line_row in zip(order.get("lines", []), rows["lines"], strict=True):
        line = detached(OrderLine(**line_row))
        line.order = copy
        # The product as it was when ordered, which is what the line records.
        line.prod = detached(
            Product(
                id=line_row["prod_id"],
                prod_code=clean_line.get("sku", ""),
                prod_name=clean_line.get("name", ""),
                price_cents=line_row["unit_price_cents"],
            )
        )
        lines.append(line)
    _prefetch(copy, "lines", OrderLine, lines)
    return copy


def account_copy(customer: Mapping[str, Any]) -> tuple[User, Profile] | None:
    # The users service shows a customer no password hash; the copy needs none.
    shown = {"password_hash": "", **customer}
    rows = _translated("customer", customer, lambda: customer_to_legacy(customer=shown))
    if rows is None or "id" not in rows["user"]:
        return None
    user = detached(User(**rows["user"]))
    profile = detached(Profile(**rows["profile"]))
    profile.user = user
    return user, profile


def _prefetch(instance: models.Model, name: str, model: type[M], items: list[M]) -> None:
    # What prefetch_related stores: the related manager then answers from these items.
    cached = model._default_manager.none()
    cached._result_cache = items  # type: ignore[attr-defined]
    cached._prefetch_done = True  # type: ignore[attr-defined]
    instance._prefetched_objects_cache = {name: cached}  # type: ignore[attr-defined]


def _translated(kind: str, clean: Mapping[str, Any], translate: Any) -> Any:
    try:
        return translate()
    except TranslationError as exc:
        # Not shown rather than shown wrong; reconcile reports the row with its id.
        logger.warning("%s %s from the service cannot be shown: %s", kind, clean.get("id"), exc)
        return None
