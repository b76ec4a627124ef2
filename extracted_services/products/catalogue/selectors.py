"""Reads of the catalogue: categories, product search and filters, stock, reservations."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from extracted_services.products.catalogue.models import (
    Category,
    Product,
    Reservation,
    ReservationStatus,
)


def category_list(
    *, visible: bool | None = None, legacy_id: int | None = None
) -> QuerySet[Category]:
    categories = Category.objects.all()
    if visible is not None:
        categories = categories.filter(visible=visible)
    if legacy_id is not None:
        categories = categories.filter(legacy_id=legacy_id)
    return categories.order_by("sort_order", "name")


def category_by_reference(*, reference: str, visible_only: bool) -> Category | None:
    """The category with this id (UUID) or slug; None if there is none, or it is hidden and
    only visible ones count."""
    categories = Category.objects.filter(_category_lookup(reference))
    if visible_only:
        categories = categories.filter(visible=True)
    return categories.first()


def _category_lookup(reference: str) -> Q:
    try:
        return Q(id=uuid.UUID(reference))
    except ValueError:
        return Q(slug=reference)


def _category_filter(category: str) -> Q:
    """A category given by id (UUID) or slug."""
    try:
        return Q(category_id=uuid.UUID(category))
    except ValueError:
        return Q(category__slug=category)


def product_list(
    *,
    q: str | None = None,
    category: str | None = None,
    active: bool | None = None,
    sku: str | None = None,
    legacy_id: int | None = None,
) -> QuerySet[Product]:
    products = Product.objects.select_related("category")
    # Every word must appear somewhere, as in the legacy shop's search ("red kettle").
    for term in (q or "").split():
        products = products.filter(
            Q(name__icontains=term) | Q(sku__icontains=term) | Q(description__icontains=term)
        )
    if category:
        products = products.filter(_category_filter(category))
    if active is not None:
        products = products.filter(active=active)
    if sku:
        products = products.filter(sku=sku)
    if legacy_id is not None:
        products = products.filter(legacy_id=legacy_id)
    return products.order_by("name", "id")


def _reserved(product: Product, status: str) -> int:
    return product.reservation_lines.filter(reservation__status=status).aggregate(
        total=Coalesce(Sum("quantity"), 0)
    )["total"]


def product_stock(*, product: Product) -> dict[str, object]:
    """What can be reserved, and what is held or confirmed in reservations."""
    return {
        "id": product.id,
        "sku": product.sku,
        "stock": product.stock,
        "held": _reserved(product, ReservationStatus.HELD),
        "confirmed": _reserved(product, ReservationStatus.CONFIRMED),
    }


def reservation_list(
    *, order_id: uuid.UUID | None = None, status: str | None = None
) -> QuerySet[Reservation]:
    reservations = Reservation.objects.prefetch_related("lines")
    if order_id is not None:
        reservations = reservations.filter(order_id=order_id)
    if status:
        reservations = reservations.filter(status=status)
    return reservations.order_by("-created_at", "id")
