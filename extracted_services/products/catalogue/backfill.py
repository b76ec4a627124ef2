"""Backfill and reconcile of the catalogue: `tbl_category` and `tbl_product` into categories and
products here, categories first (a product names its category).

Each copy is applied by `sync.category_apply_from_legacy` / `sync.product_apply_from_legacy`, as
forward sync applies it: no event, and a product never older over newer (by `modified_dt`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import models

from acl.clock import format_utc
from acl.ids import IdMap, Kind
from acl.products import (
    category_from_legacy,
    category_to_legacy,
    product_from_legacy,
    product_to_legacy,
)
from extracted_services.service_defaults.backfill.legacy import legacy_zone
from extracted_services.service_defaults.backfill.legacy_tables import (
    LegacyCategories,
    LegacyProducts,
)
from extracted_services.service_defaults.backfill.steps import (
    Copy,
    Form,
    LegacyItem,
    Outcome,
    PrefetchedIds,
    apply_each,
)

from .models import Category, Product
from .services import CatalogueConflict
from .sync import LegacyCopyInvalid, category_apply_from_legacy, product_apply_from_legacy

REFUSALS = (LegacyCopyInvalid, CatalogueConflict)


class CategoriesStep(LegacyCategories):
    name = "categories"

    def translate(self, item: LegacyItem, *, ids: IdMap | None, zone: str) -> Mapping[str, Any]:
        return category_from_legacy(row=item.rows, ids=ids)

    def id_map(self, items: Sequence[LegacyItem]) -> IdMap | None:
        return PrefetchedIds.read({Kind.CATEGORY: (Category, [item.legacy_id for item in items])})

    def apply(self, copies: list[Copy]) -> Outcome:
        return apply_each(
            copies,
            lambda clean: category_apply_from_legacy(category=clean)[1],
            refusals=REFUSALS,
        )

    def written_models(self) -> Sequence[type[models.Model]]:
        return (Category,)

    def service_rows(self) -> models.QuerySet[Any, Any]:
        return Category.objects.filter(legacy_id__isnull=False).values(
            "id", "legacy_id", "name", "slug", "visible", "sort_order"
        )

    def service_form(self, row: dict[str, Any]) -> Form:
        return dict(category_to_legacy(category={**row, "id": str(row["id"])}))

    def service_unmapped(self) -> models.QuerySet[Any, Any]:
        return (
            Category.objects.filter(legacy_id__isnull=True)
            .order_by("id")
            .values_list("id", flat=True)
        )


class ProductsStep(LegacyProducts):
    name = "products"

    def translate(self, item: LegacyItem, *, ids: IdMap | None, zone: str) -> Mapping[str, Any]:
        return product_from_legacy(row=item.rows, ids=ids, zone=zone)

    def id_map(self, items: Sequence[LegacyItem]) -> IdMap | None:
        return PrefetchedIds.read(
            {
                Kind.PRODUCT: (Product, [item.legacy_id for item in items]),
                Kind.CATEGORY: (Category, [item.rows["cat_id"] for item in items]),
            }
        )

    def apply(self, copies: list[Copy]) -> Outcome:
        return apply_each(
            copies,
            lambda clean: product_apply_from_legacy(product=clean)[1],
            refusals=REFUSALS,
        )

    def written_models(self) -> Sequence[type[models.Model]]:
        return (Product,)

    def service_rows(self) -> models.QuerySet[Any, Any]:
        return Product.objects.filter(legacy_id__isnull=False).values(
            "id",
            "legacy_id",
            "sku",
            "name",
            "description",
            "price_amount",
            "currency",
            "stock",
            "category_id",
            "category__legacy_id",
            "active",
            "created_at",
            "updated_at",
        )

    def service_form(self, row: dict[str, Any]) -> Form:
        clean = {
            "id": str(row["id"]),
            "legacy_id": row["legacy_id"],
            "sku": row["sku"],
            "name": row["name"],
            "description": row["description"],
            "price": {"amount": f"{row['price_amount']:.2f}", "currency": row["currency"]},
            "stock": row["stock"],
            "category_id": str(row["category_id"]),
            "category_legacy_id": row["category__legacy_id"],
            "active": row["active"],
            "created_at": format_utc(row["created_at"]),
            "updated_at": format_utc(row["updated_at"]),
        }
        return dict(product_to_legacy(product=clean, zone=legacy_zone()))

    def service_unmapped(self) -> models.QuerySet[Any, Any]:
        return (
            Product.objects.filter(legacy_id__isnull=True)
            .order_by("id")
            .values_list("id", flat=True)
        )
