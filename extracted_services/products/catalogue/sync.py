"""Categories and products copied from the legacy shop (backfill and forward sync), and legacy ids
given to rows born here (reverse sync), in the clean vocabulary of `acl.products`.

Applying a legacy copy records no event: a change that came from the legacy shop must not echo
back to it. A product copy older than the product here (by `updated_at`, the legacy
`modified_dt`) is skipped, so a backfill batch read before a sync update cannot undo it.
`tbl_category` has no modification time, so a category copy always applies: per-category order
comes from the sync queue, and backfill copies categories first, before products.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import transaction

from acl.clock import parse_utc
from acl.errors import TranslationError
from acl.fields import boolean, converted, legacy_key, text, whole
from acl.ids import Kind, parse_uuid
from acl.money import legacy_cents, money_to_decimal
from extracted_services.products.catalogue import events
from extracted_services.products.catalogue.models import Category, Product
from extracted_services.products.catalogue.services import CatalogueConflict


class LegacyCopyInvalid(ValueError):
    """A legacy copy lacks a field or has one of the wrong kind; `errors` names each one."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


class CatalogueIds:
    """The catalogue's own tables as an `acl.ids.IdMap`: which UUID holds which legacy id here.

    Rows born here get their legacy id from reverse sync (`record`); forward sync translates
    legacy rows with this map so that such a row's legacy events land on it, not on a uuid5.
    """

    MODELS: dict[Kind, type[Category] | type[Product]] = {
        Kind.CATEGORY: Category,
        Kind.PRODUCT: Product,
    }

    def _model(self, kind: Kind) -> type[Category] | type[Product]:
        try:
            return self.MODELS[Kind(kind)]
        except KeyError:
            raise ValueError(f"the products service keeps no {kind} ids") from None

    def find_uuid(self, kind: Kind, legacy_id: int) -> uuid.UUID | None:
        found = self._model(kind).objects.filter(legacy_id=legacy_id).values_list("id", flat=True)
        return next(iter(found), None)

    def find_legacy_id(self, kind: Kind, id: uuid.UUID) -> int | None:
        found = self._model(kind).objects.filter(id=id).values_list("legacy_id", flat=True)
        return next(iter(found), None)

    def record(self, kind: Kind, *, id: uuid.UUID, legacy_id: int) -> None:
        if Kind(kind) == Kind.CATEGORY:
            category_link_legacy_id(category_id=id, legacy_id=legacy_id)
        else:
            product_link_legacy_id(product_id=id, legacy_id=legacy_id)


# -- applying legacy copies ---------------------------------------------------------------------


def category_apply_from_legacy(*, category: Mapping[str, Any]) -> tuple[Category, bool]:
    """Create or update the category from a clean legacy copy; returns it and whether it changed.

    Raises LegacyCopyInvalid naming the bad field, and CatalogueConflict when its legacy id or
    slug belongs to another category here.
    """
    with _reading(category):
        fields: dict[str, Any] = {
            "id": converted(category, "id", parse_uuid),
            "legacy_id": legacy_key(category, "legacy_id"),
            "name": text(category, "name", max_length=100, allow_empty=False),
            "slug": text(category, "slug", max_length=100, allow_empty=False),
            "visible": boolean(category, "visible"),
            "sort_order": whole(category, "sort_order"),
        }
    with transaction.atomic():
        current = Category.objects.select_for_update().filter(pk=fields["id"]).first()
        return _upsert(Category, current, fields, unique=("legacy_id", "slug"))


def product_apply_from_legacy(*, product: Mapping[str, Any]) -> tuple[Product, bool]:
    """Create or update the product from a clean legacy copy; returns it and whether it changed.

    The copy's `stock` becomes the product's stock as it is. Raises LegacyCopyInvalid naming
    the bad field (a category not copied yet is one), and CatalogueConflict when its legacy id
    or SKU belongs to another product here.
    """
    with _reading(product):
        fields: dict[str, Any] = {
            "id": converted(product, "id", parse_uuid),
            "legacy_id": legacy_key(product, "legacy_id"),
            "sku": text(product, "sku", max_length=32, allow_empty=False),
            "name": text(product, "name", max_length=200, allow_empty=False),
            "description": text(product, "description"),
            "price_amount": converted(product, "price", _price),
            "currency": "GBP",
            "stock": whole(product, "stock"),
            "category_id": converted(product, "category_id", parse_uuid),
            "active": boolean(product, "active"),
            "created_at": converted(product, "created_at", parse_utc),
            "updated_at": converted(product, "updated_at", parse_utc),
        }
    with transaction.atomic():
        if not Category.objects.filter(pk=fields["category_id"]).exists():
            legacy = product.get("category_legacy_id")
            raise LegacyCopyInvalid(
                {
                    "category_id": [
                        f"category {fields['category_id']} (legacy id {legacy}) is not here "
                        "yet; copy the categories first"
                    ]
                }
            )
        current = Product.objects.select_for_update().filter(pk=fields["id"]).first()
        if current is not None and fields["updated_at"] < current.updated_at:
            return current, False
        return _upsert(Product, current, fields, unique=("legacy_id", "sku"))


def category_remove_from_legacy(*, legacy_id: int) -> bool:
    """Follow a category deleted in the legacy shop; True if it was deleted here.

    A category that still has products here (their moves are still on the way) is hidden
    instead, so that nothing is lost; reconcile reports it until its products have moved.
    """
    with transaction.atomic():
        category = Category.objects.select_for_update().filter(legacy_id=legacy_id).first()
        if category is None:
            return False
        if category.products.exists():
            Category.objects.filter(pk=category.pk).update(visible=False)
            return False
        category.delete()
    return True


def product_remove_from_legacy(*, legacy_id: int) -> bool:
    """Follow a product deleted in the legacy shop; True if it was deleted here.

    A product that reservations here still name is taken off sale instead, so that their stock
    movements keep their product.
    """
    with transaction.atomic():
        product = Product.objects.select_for_update().filter(legacy_id=legacy_id).first()
        if product is None:
            return False
        if product.reservation_lines.exists():
            Product.objects.filter(pk=product.pk).update(active=False)
            return False
        product.delete()
    return True


def _upsert(
    model: type[Category] | type[Product],
    current: Category | Product | None,
    fields: dict[str, Any],
    *,
    unique: tuple[str, ...],
) -> tuple[Any, bool]:
    others = model._default_manager.exclude(pk=fields["id"])
    errors = {
        name: [
            f"legacy {model._meta.verbose_name} {fields['legacy_id']} has {name} "
            f"{fields[name]!r}, which another {model._meta.verbose_name} here has"
        ]
        for name in unique
        if others.filter(**{name: fields[name]}).exists()
    }
    if errors:
        raise CatalogueConflict(errors)
    if current is None:
        return model._default_manager.create(**fields), True
    changed = [name for name, value in fields.items() if getattr(current, name) != value]
    if not changed:
        return current, False
    for name in changed:
        setattr(current, name, fields[name])
    current.save(update_fields=changed)
    return current, True


# -- legacy ids for rows born here ----------------------------------------------------------------


def category_link_legacy_id(*, category_id: uuid.UUID, legacy_id: int) -> Category:
    """Record the legacy id reverse sync gave a category created here; repeating it is a no-op.

    Raises Category.DoesNotExist, and CatalogueConflict when the category already has another
    legacy id or the legacy id is another category's. Records `products.category.updated.v1`
    (`changed: ["legacy_id"]`), so that consumers keeping copies learn the legacy id.
    """
    with transaction.atomic():
        category = Category.objects.select_for_update().get(pk=category_id)
        if _link(Category, category, legacy_id):
            events.category_updated(category=category, changed=["legacy_id"])
    return category


def product_link_legacy_id(*, product_id: uuid.UUID, legacy_id: int) -> Product:
    """Record the legacy id reverse sync gave a product created here; repeating it is a no-op.

    As `category_link_legacy_id`, recording `products.product.updated.v1`.
    """
    with transaction.atomic():
        product = Product.objects.select_for_update().select_related("category").get(pk=product_id)
        if _link(Product, product, legacy_id):
            events.product_updated(product=product, changed=["legacy_id"])
    return product


def _link(model: type[Category] | type[Product], row: Category | Product, legacy_id: int) -> bool:
    """Give `row` its legacy id; False if it already had it."""
    noun = model._meta.verbose_name
    if row.legacy_id == legacy_id:
        return False
    if row.legacy_id is not None:
        raise CatalogueConflict(
            {"legacy_id": [f"{noun} {row.pk} already has legacy id {row.legacy_id}"]}
        )
    if model._default_manager.filter(legacy_id=legacy_id).exists():
        raise CatalogueConflict(
            {"legacy_id": [f"legacy id {legacy_id} already belongs to another {noun}"]}
        )
    model._default_manager.filter(pk=row.pk).update(legacy_id=legacy_id)
    row.legacy_id = legacy_id
    return True


# -- reading a clean copy ---------------------------------------------------------------------


@contextmanager
def _reading(copy: Any) -> Iterator[None]:
    """Turn the ACL's field errors into LegacyCopyInvalid naming the field."""
    if not isinstance(copy, Mapping):
        raise LegacyCopyInvalid({"non_field_errors": [f"expected an object, got {copy!r}"]})
    try:
        yield
    except TranslationError as error:
        raise LegacyCopyInvalid({error.field or "non_field_errors": [error.reason]}) from error


def _price(value: Any) -> Decimal:
    legacy_cents(value)  # whole cents in GBP that the legacy column can hold
    return money_to_decimal(value)
