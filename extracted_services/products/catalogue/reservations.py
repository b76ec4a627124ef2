"""Stock reservations for orders: reserve (all or nothing), confirm, release; each idempotent.

Concurrency: product rows are locked with SELECT ... FOR UPDATE in id order, so concurrent
reservations of the same products queue instead of overselling or deadlocking; a reservation's
own row is locked before its products. Two concurrent reserves with one id race on the primary
key: the loser rolls back and answers with the winner's reservation.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from extracted_services.products.catalogue import events
from extracted_services.products.catalogue.models import (
    Product,
    Reservation,
    ReservationLine,
    ReservationStatus,
)

HELD, CONFIRMED, RELEASED = (
    ReservationStatus.HELD,
    ReservationStatus.CONFIRMED,
    ReservationStatus.RELEASED,
)


@dataclass(frozen=True)
class Shortage:
    product_id: uuid.UUID
    wanted: int
    available: int


class ReservationRefused(Exception):
    """Base of the reasons a reservation call is refused; nothing changed."""

    code = "reservation-refused"


class InsufficientStock(ReservationRefused):
    code = "insufficient-stock"

    def __init__(self, shortages: Sequence[Shortage]):
        self.shortages = list(shortages)
        super().__init__(
            "not enough stock for "
            + ", ".join(
                f"{s.product_id} (wanted {s.wanted}, {s.available} left)" for s in shortages
            )
            + "; nothing was reserved"
        )


class UnknownProducts(ReservationRefused):
    code = "unknown-product"

    def __init__(self, product_ids: Sequence[uuid.UUID]):
        self.product_ids = sorted(product_ids)
        super().__init__(f"no such product: {', '.join(map(str, self.product_ids))}")


class ProductsNotOnSale(ReservationRefused):
    code = "product-not-on-sale"

    def __init__(self, products: Sequence[Product]):
        self.product_ids = sorted(p.id for p in products)
        super().__init__("not on sale: " + ", ".join(f"{p.sku} ({p.id})" for p in products))


class ReservationConflict(ReservationRefused):
    """The id (or the order) already has a reservation with other lines."""

    code = "reservation-conflict"


class ReservationReleased(ReservationRefused):
    """The reservation was released; it can be neither reused nor confirmed."""

    code = "reservation-released"


def _lines_of(reservation: Reservation) -> dict[uuid.UUID, int]:
    return {line.product_id: line.quantity for line in reservation.lines.all()}


def _same_or_conflict(
    existing: Reservation, *, order_id: uuid.UUID, wanted: Mapping[uuid.UUID, int]
) -> Reservation:
    if existing.status == RELEASED:
        raise ReservationReleased(
            f"reservation {existing.id} was released; reserve again under a new id"
        )
    if existing.order_id != order_id or _lines_of(existing) != dict(wanted):
        raise ReservationConflict(
            f"reservation {existing.id} already exists for order {existing.order_id} with other "
            "lines; a retry must send the same order and lines"
        )
    return existing


def _lock_products(product_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Product]:
    """Row-lock the products in id order (a fixed order, so lockers queue, never deadlock)."""
    locked = (
        Product.objects.select_for_update()
        .select_related("category")
        .filter(id__in=product_ids)
        .order_by("id")
    )
    return {product.id: product for product in locked}


def _take(*, wanted: Mapping[uuid.UUID, int], products: Mapping[uuid.UUID, Product]) -> None:
    unknown = [product_id for product_id in wanted if product_id not in products]
    if unknown:
        raise UnknownProducts(unknown)
    not_on_sale = [products[product_id] for product_id in wanted if not products[product_id].active]
    if not_on_sale:
        raise ProductsNotOnSale(not_on_sale)
    shortages = [
        Shortage(product_id, quantity, products[product_id].stock)
        for product_id, quantity in wanted.items()
        if products[product_id].stock < quantity
    ]
    if shortages:
        raise InsufficientStock(shortages)


def _move_stock(
    products: Mapping[uuid.UUID, Product], deltas: Mapping[uuid.UUID, int], now
) -> list[tuple[Product, int]]:
    changes = []
    for product_id in sorted(deltas):
        product = products[product_id]
        product.stock += deltas[product_id]
        product.updated_at = now
        product.save(update_fields=["stock", "updated_at"])
        changes.append((product, deltas[product_id]))
    return changes


def reservation_reserve(
    *,
    reservation_id: uuid.UUID,
    lines: Mapping[uuid.UUID, int],
    order_id: uuid.UUID | None = None,
) -> tuple[Reservation, bool]:
    """Hold `lines` ({product id: quantity}) for the order, all or nothing.

    Returns the reservation and whether this call created it. Repeating the call with the same
    id, order and lines returns the existing reservation; anything else under that id is a
    `ReservationConflict`, and an id that was released is a `ReservationReleased`.
    """
    order_id = order_id or reservation_id
    try:
        with transaction.atomic():
            existing = Reservation.objects.select_for_update().filter(id=reservation_id).first()
            if existing is not None:
                return _same_or_conflict(existing, order_id=order_id, wanted=lines), False
            other = Reservation.objects.filter(order_id=order_id).first()
            if other is not None:
                raise ReservationConflict(
                    f"order {order_id} already has reservation {other.id}; reuse its id"
                )
            products = _lock_products(list(lines))
            _take(wanted=lines, products=products)
            now = timezone.now()
            reservation = Reservation.objects.create(
                id=reservation_id, order_id=order_id, status=HELD, created_at=now, updated_at=now
            )
            ReservationLine.objects.bulk_create(
                ReservationLine(reservation=reservation, product_id=product_id, quantity=quantity)
                for product_id, quantity in sorted(lines.items())
            )
            changes = _move_stock(products, {pid: -qty for pid, qty in lines.items()}, now)
            events.reservation_changed(reservation=reservation)
            events.stock_changed(changes=changes, reason="reserved", reservation=reservation)
            return reservation, True
    except IntegrityError:
        # A concurrent call with the same id or order won; answer as a retry would.
        existing = Reservation.objects.filter(id=reservation_id).first()
        if existing is None:
            other = Reservation.objects.filter(order_id=order_id).first()
            if other is None:
                raise
            raise ReservationConflict(
                f"order {order_id} already has reservation {other.id}; reuse its id"
            ) from None
        return _same_or_conflict(existing, order_id=order_id, wanted=lines), False


def reservation_confirm(*, reservation_id: uuid.UUID) -> Reservation:
    """Turn held stock into a sale; confirming again is a no-op. Raises Reservation.DoesNotExist."""
    with transaction.atomic():
        reservation = Reservation.objects.select_for_update().get(id=reservation_id)
        if reservation.status == RELEASED:
            raise ReservationReleased(
                f"reservation {reservation_id} was released; its stock is no longer held"
            )
        if reservation.status == HELD:
            reservation.status = CONFIRMED
            reservation.updated_at = timezone.now()
            reservation.save(update_fields=["status", "updated_at"])
            events.reservation_changed(reservation=reservation)
    return reservation


def reservation_release(*, reservation_id: uuid.UUID) -> tuple[Reservation, str | None]:
    """Give the stock back, whether held or confirmed (an order cancelled after it was placed).

    Returns the reservation and the status it had before: None when it was never reserved (the
    id is then closed, so a late reserve cannot hold stock), "released" when it already was.
    """
    try:
        with transaction.atomic():
            reservation = Reservation.objects.select_for_update().filter(id=reservation_id).first()
            if reservation is None:
                now = timezone.now()
                reservation = Reservation.objects.create(
                    id=reservation_id, status=RELEASED, created_at=now, updated_at=now
                )
                return reservation, None
            previous = reservation.status
            if previous == RELEASED:
                return reservation, RELEASED
            lines = _lines_of(reservation)
            products = _lock_products(list(lines))
            now = timezone.now()
            changes = _move_stock(products, lines, now)
            reservation.status = RELEASED
            reservation.released_from = previous
            reservation.updated_at = now
            reservation.save(update_fields=["status", "released_from", "updated_at"])
            events.reservation_changed(reservation=reservation)
            events.stock_changed(changes=changes, reason="released", reservation=reservation)
            return reservation, previous
    except IntegrityError:
        # A concurrent reserve or release created the id first: release that instead.
        return reservation_release(reservation_id=reservation_id)
