"""Backfill and reconcile of customers: `auth_user` + `tbl_customer_profile` into customers here.

Each copy is applied by `sync.customer_apply_from_legacy`, as forward sync applies it: no
event, and never older over newer (by the profile's `modified_dt`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import models

from acl.clock import format_utc
from acl.ids import IdMap, Kind
from acl.users import customer_from_legacy, customer_to_legacy
from extracted_services.service_defaults.backfill.legacy import legacy_zone
from extracted_services.service_defaults.backfill.legacy_tables import LegacyCustomers
from extracted_services.service_defaults.backfill.steps import (
    Copy,
    Form,
    LegacyItem,
    Outcome,
    PrefetchedIds,
    apply_each,
)

from .models import Customer
from .services import CustomerConflict
from .sync import LegacyCopyInvalid, customer_apply_from_legacy

CUSTOMER_FIELDS = (
    "id",
    "legacy_id",
    "username",
    "email",
    "first_name",
    "last_name",
    "phone",
    "address",
    "newsletter",
    "active",
    "password_hash",
    "joined_at",
    "last_login_at",
    "updated_at",
)


class CustomersStep(LegacyCustomers):
    name = "customers"

    def translate(self, item: LegacyItem, *, ids: IdMap | None, zone: str) -> Mapping[str, Any]:
        user, profile = item.rows
        return customer_from_legacy(user=user, profile=profile, ids=ids, zone=zone)

    def id_map(self, items: Sequence[LegacyItem]) -> IdMap | None:
        return PrefetchedIds.read({Kind.CUSTOMER: (Customer, [item.legacy_id for item in items])})

    def apply(self, copies: list[Copy]) -> Outcome:
        return apply_each(
            copies,
            lambda clean: customer_apply_from_legacy(customer=clean)[1],
            refusals=(LegacyCopyInvalid, CustomerConflict),
        )

    def written_models(self) -> Sequence[type[models.Model]]:
        return (Customer,)

    def service_rows(self) -> models.QuerySet[Any, Any]:
        return Customer.objects.filter(legacy_id__isnull=False).values(*CUSTOMER_FIELDS)

    def service_form(self, row: dict[str, Any]) -> Form:
        clean = {
            **row,
            "id": str(row["id"]),
            "joined_at": format_utc(row["joined_at"]),
            "last_login_at": None
            if row["last_login_at"] is None
            else format_utc(row["last_login_at"]),
            "updated_at": format_utc(row["updated_at"]),
        }
        legacy = customer_to_legacy(customer=clean, zone=legacy_zone())
        return {"user": dict(legacy["user"]), "profile": dict(legacy["profile"])}

    def service_unmapped(self) -> models.QuerySet[Any, Any]:
        return (
            Customer.objects.filter(legacy_id__isnull=True)
            .order_by("id")
            .values_list("id", flat=True)
        )
