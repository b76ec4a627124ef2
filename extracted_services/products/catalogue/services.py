"""Writes of categories and products, each with its event in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from extracted_services.products.catalogue import events
from extracted_services.products.catalogue.models import Category, Product


class CatalogueConflict(Exception):
    """Another row already has this id, legacy id, slug or SKU; `errors` names the fields."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(" ".join(messages) for messages in errors.values()))


class UnknownCategory(Exception):
    """The product names a category that does not exist."""


def _check_unique(
    model: type[models.Model], *, values: Mapping[str, Any], fields: tuple[str, ...], exclude=None
) -> None:
    errors: dict[str, list[str]] = {}
    for field in fields:
        if values.get(field) is None:
            continue
        others = model._default_manager.filter(**{field: values[field]})
        if exclude is not None:
            others = others.exclude(pk=exclude)
        if others.exists():
            noun = model._meta.verbose_name
            errors[field] = [f"another {noun} already has {field} {values[field]}"]
    if errors:
        raise CatalogueConflict(errors)


CATEGORY_UNIQUE = ("id", "legacy_id", "slug")
PRODUCT_UNIQUE = ("id", "legacy_id", "sku")
WIRE_NAMES = {"price_amount": "price", "category": "category_id"}


def category_create(
    *,
    name: str,
    slug: str,
    visible: bool = True,
    sort_order: int = 0,
    id: uuid.UUID | None = None,
    legacy_id: int | None = None,
) -> Category:
    values = {"id": id, "legacy_id": legacy_id, "slug": slug}
    category = Category(
        id=id or uuid.uuid4(),
        legacy_id=legacy_id,
        name=name,
        slug=slug,
        visible=visible,
        sort_order=sort_order,
    )
    try:
        with transaction.atomic():
            _check_unique(Category, values=values, fields=CATEGORY_UNIQUE)
            category.save(force_insert=True)
            events.category_created(category=category)
    except IntegrityError as exc:
        _check_unique(Category, values=values, fields=CATEGORY_UNIQUE)
        raise CatalogueConflict({"slug": ["another category was created at once"]}) from exc
    return category


def category_update(*, category: Category, changes: Mapping[str, Any]) -> Category:
    """Apply `changes`; a change that changes nothing records no event."""
    changed = {k: v for k, v in changes.items() if getattr(category, k) != v}
    if not changed:
        return category
    try:
        with transaction.atomic():
            _check_unique(Category, values=changed, fields=CATEGORY_UNIQUE, exclude=category.pk)
            for field, value in changed.items():
                setattr(category, field, value)
            category.save(update_fields=list(changed))
            events.category_updated(category=category, changed=list(changed))
    except IntegrityError as exc:
        category.refresh_from_db()
        raise CatalogueConflict({"slug": ["another category took it at once"]}) from exc
    return category


def _category(category_id: uuid.UUID) -> Category:
    category = Category.objects.filter(id=category_id).first()
    if category is None:
        raise UnknownCategory(f"there is no category {category_id}")
    return category


def product_create(
    *,
    sku: str,
    name: str,
    price: Decimal,
    category_id: uuid.UUID,
    description: str = "",
    stock: int = 0,
    active: bool = True,
    id: uuid.UUID | None = None,
    legacy_id: int | None = None,
    created_at: datetime | None = None,
    updated_at: datetime | None = None,
) -> Product:
    values = {"id": id, "legacy_id": legacy_id, "sku": sku}
    now = timezone.now()
    product = Product(
        id=id or uuid.uuid4(),
        legacy_id=legacy_id,
        sku=sku,
        name=name,
        description=description,
        price_amount=price,
        stock=stock,
        category=_category(category_id),
        active=active,
        created_at=created_at or now,
        updated_at=updated_at or now,
    )
    try:
        with transaction.atomic():
            _check_unique(Product, values=values, fields=PRODUCT_UNIQUE)
            product.save(force_insert=True)
            events.product_created(product=product)
    except IntegrityError as exc:
        _check_unique(Product, values=values, fields=PRODUCT_UNIQUE)
        raise CatalogueConflict({"sku": ["another product was created at once"]}) from exc
    return product


def product_update(*, product_id: uuid.UUID, changes: Mapping[str, Any]) -> Product:
    """Apply `changes` under the product's row lock (a `stock` here is set, not added).

    `price` is the Decimal amount; `updated_at` defaults to now. A change that changes nothing
    records no event.
    """
    changes = dict(changes)
    if "price" in changes:
        changes["price_amount"] = changes.pop("price")
    if "category_id" in changes:
        changes["category"] = _category(changes.pop("category_id"))
    with transaction.atomic():
        product = Product.objects.select_for_update().select_related("category").get(id=product_id)
        changed = {k: v for k, v in changes.items() if getattr(product, k) != v}
        if not changed or set(changed) == {"updated_at"}:
            return product
        changed.setdefault("updated_at", timezone.now())
        _check_unique(Product, values=changed, fields=PRODUCT_UNIQUE, exclude=product.pk)
        for field, value in changed.items():
            setattr(product, field, value)
        product.save(update_fields=list(changed))
        events.product_updated(product=product, changed=[WIRE_NAMES.get(f, f) for f in changed])
    return product
