"""Backfill and reconcile of the customer and product snapshots orders keep, from the legacy tables.

Placing and copying orders needs them: an order line takes its SKU and name from the product
snapshot, and a customer is known by theirs. Each copy is applied by the very handler that keeps
the snapshots current from the owners' events, so the rule is the same: an older change never
overwrites a newer snapshot. The legacy form of a snapshot is the legacy columns it is made of.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import models

from acl.clock import parse_utc, utc_to_local
from acl.flags import bool_to_yn
from acl.ids import IdMap, Kind
from acl.money import decimal_to_cents
from acl.products import product_from_legacy
from acl.users import customer_from_legacy
from extracted_services.service_defaults.backfill.legacy import legacy_zone
from extracted_services.service_defaults.backfill.legacy_tables import (
    LegacyCustomers,
    LegacyProducts,
)
from extracted_services.service_defaults.backfill.steps import (
    Copy,
    Form,
    LegacyItem,
    Outcome,
    PrefetchedIds,
    describe,
)
from messaging.envelope import Event

from .handlers import SnapshotEventInvalid, apply_customer_changed, apply_product_changed
from .models import CustomerSnapshot, ProductSnapshot

SOURCE = "/legacy-backfill"


class CustomerSnapshotsStep(LegacyCustomers):
    name = "customer_snapshots"
    noun = "customer snapshot"

    def legacy_form(self, rows: Any) -> Form:
        customer = super().legacy_form(rows)  # with the implied profile of a user without one
        user = customer["user"]
        return {
            "email": user["email"],
            "name": f"{user['first_name']} {user['last_name']}".strip(),
            "is_active": user["is_active"],
            "modified_dt": (customer["profile"] or {}).get("modified_dt"),
        }

    def translate(self, item: LegacyItem, *, ids: IdMap | None, zone: str) -> Mapping[str, Any]:
        user, profile = item.rows
        return customer_from_legacy(user=user, profile=profile, ids=ids, zone=zone)

    def id_map(self, items: Sequence[LegacyItem]) -> IdMap | None:
        return PrefetchedIds.read({Kind.CUSTOMER: (CustomerSnapshot, [i.legacy_id for i in items])})

    def apply(self, copies: list[Copy]) -> Outcome:
        return _apply_snapshots(
            copies, CustomerSnapshot, apply_customer_changed, "users.customer.updated.v1"
        )

    def written_models(self) -> Sequence[type[models.Model]]:
        return (CustomerSnapshot,)

    def service_rows(self) -> models.QuerySet[Any, Any]:
        return CustomerSnapshot.objects.filter(legacy_id__isnull=False).values(
            "legacy_id", "email", "name", "is_active", "source_changed_at"
        )

    def service_form(self, row: dict[str, Any]) -> Form:
        return {
            "email": row["email"],
            "name": row["name"],
            "is_active": row["is_active"],
            "modified_dt": utc_to_local(row["source_changed_at"], zone=legacy_zone()),
        }

    def kept_after_legacy_delete(self, form: Form) -> bool:
        # Forward sync deactivates the snapshot of a deleted customer; orders still name them.
        return form["is_active"] is False

    def service_unmapped(self) -> models.QuerySet[Any, Any]:
        return _unmapped(CustomerSnapshot)


class ProductSnapshotsStep(LegacyProducts):
    name = "product_snapshots"
    noun = "product snapshot"

    def legacy_form(self, rows: Any) -> Form:
        return {
            "prod_code": rows["prod_code"],
            "prod_name": rows["prod_name"],
            "price_cents": rows["price_cents"],
            "active_yn": rows["active_yn"],
            "modified_dt": rows["modified_dt"],
        }

    def translate(self, item: LegacyItem, *, ids: IdMap | None, zone: str) -> Mapping[str, Any]:
        return product_from_legacy(row=item.rows, ids=ids, zone=zone)

    def id_map(self, items: Sequence[LegacyItem]) -> IdMap | None:
        return PrefetchedIds.read({Kind.PRODUCT: (ProductSnapshot, [i.legacy_id for i in items])})

    def apply(self, copies: list[Copy]) -> Outcome:
        return _apply_snapshots(
            copies, ProductSnapshot, apply_product_changed, "products.product.updated.v1"
        )

    def written_models(self) -> Sequence[type[models.Model]]:
        return (ProductSnapshot,)

    def service_rows(self) -> models.QuerySet[Any, Any]:
        return ProductSnapshot.objects.filter(legacy_id__isnull=False).values(
            "legacy_id", "sku", "name", "price", "is_active", "source_changed_at"
        )

    def service_form(self, row: dict[str, Any]) -> Form:
        return {
            "prod_code": row["sku"],
            "prod_name": row["name"],
            "price_cents": decimal_to_cents(row["price"]),
            "active_yn": bool_to_yn(row["is_active"]),
            "modified_dt": utc_to_local(row["source_changed_at"], zone=legacy_zone()),
        }

    def kept_after_legacy_delete(self, form: Form) -> bool:
        return form["active_yn"] == "N"

    def service_unmapped(self) -> models.QuerySet[Any, Any]:
        return _unmapped(ProductSnapshot)


def _apply_snapshots(
    copies: list[Copy],
    model: type[CustomerSnapshot] | type[ProductSnapshot],
    handler: Callable[[Event], None],
    event_type: str,
) -> Outcome:
    """Apply each copy through the snapshot's event handler, as if its owner had announced it."""
    outcome = Outcome()
    known = dict(
        model._default_manager.filter(pk__in=[copy.clean["id"] for copy in copies]).values_list(
            "pk", "source_changed_at"
        )
    )
    for copy in copies:
        changed_at = known.get(uuid.UUID(copy.clean["id"]))
        if changed_at is not None and changed_at > parse_utc(copy.clean["updated_at"]):
            outcome.newer_here += 1
            continue
        event = Event(
            id=f"backfill-{uuid.uuid4()}",
            type=event_type,
            source=SOURCE,
            subject=copy.clean["id"],
            sequence=0,
            time=copy.clean["updated_at"],
            data=dict(copy.clean),
        )
        try:
            handler(event)
        except SnapshotEventInvalid as error:
            outcome.fail(copy.legacy_id, describe(error))
        else:
            outcome.copied += 1
    return outcome


def _unmapped(model: type[models.Model]) -> models.QuerySet[Any, Any]:
    return (
        model._default_manager.filter(legacy_id__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
