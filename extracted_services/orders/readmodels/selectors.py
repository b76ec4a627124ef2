"""Reads of the customer and product snapshots."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from .models import CustomerSnapshot, ProductSnapshot


def customer_snapshot_for_subject(*, subject: str) -> CustomerSnapshot | None:
    """The customer a token's subject names: a legacy id ("42") or a users-service UUID."""
    if subject.isdigit():
        return CustomerSnapshot.objects.filter(legacy_id=int(subject)).first()
    try:
        customer_id = UUID(subject)
    except ValueError:
        return None
    return CustomerSnapshot.objects.filter(pk=customer_id).first()


def product_snapshots_by_id(*, product_ids: Iterable[UUID]) -> dict[UUID, ProductSnapshot]:
    return {
        product.id: product for product in ProductSnapshot.objects.filter(pk__in=list(product_ids))
    }
