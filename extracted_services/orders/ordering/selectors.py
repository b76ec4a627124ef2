"""Order reads, narrowed to what the caller may see: customers their own, staff and services all."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from extracted_services.orders.readmodels.selectors import customer_snapshot_for_subject
from extracted_services.service_defaults.authentication import Caller

from .models import Order


def orders_visible_to(
    *,
    caller: Caller,
    status: str | None = None,
    customer_id: UUID | None = None,
    legacy_id: int | None = None,
    has_legacy_id: bool | None = None,
) -> QuerySet[Order]:
    orders = Order.objects.prefetch_related("lines")
    if not (caller.is_staff or caller.is_service):
        customer = customer_snapshot_for_subject(subject=caller.identity.subject)
        if customer is None:
            return orders.none()
        orders = orders.filter(customer_id=customer.id)
    if status is not None:
        orders = orders.filter(status=status)
    if customer_id is not None:
        orders = orders.filter(customer_id=customer_id)
    if legacy_id is not None:
        orders = orders.filter(legacy_id=legacy_id)
    if has_legacy_id is not None:
        orders = orders.filter(legacy_id__isnull=not has_legacy_id)
    return orders


def order_visible_to(*, caller: Caller, order_id: UUID) -> Order | None:
    """The order if it exists and the caller may see it; None either way otherwise (no leak)."""
    return orders_visible_to(caller=caller).filter(pk=order_id).first()
