"""Order writes: checkout and cancellation. Both run in one transaction with row locks."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from legacy_monolith.catalogue.models import Product
from legacy_monolith.flags import YesNo

from .models import Order, OrderLine, OrderStatus


class CheckoutError(Exception):
    """The order cannot be placed; the message is safe to show to the customer."""


@dataclass(frozen=True)
class StockShortage:
    product_id: int
    product_name: str
    wanted: int
    available: int


class InsufficientStock(CheckoutError):
    def __init__(self, shortages: list[StockShortage]):
        self.shortages = shortages
        names = ", ".join(
            f"{s.product_name} (wanted {s.wanted}, {s.available} left)" for s in shortages
        )
        super().__init__(f"Not enough stock for: {names}")


class OrderNotCancellable(Exception):
    def __init__(self, order: Order):
        self.order = order
        super().__init__(
            f"Order #{order.pk} is {order.get_status_display().lower()} and can no longer be cancelled"
        )


def order_place(
    *, customer: AbstractBaseUser, quantities: Mapping[int, int], ship_addr: str
) -> Order:
    """Create an order with its lines and take the stock, all or nothing.

    Products are locked with SELECT ... FOR UPDATE in id order, so concurrent checkouts of the
    same items serialise instead of overselling or deadlocking.
    """
    wanted = {int(pid): int(qty) for pid, qty in quantities.items() if int(qty) > 0}
    if not wanted:
        raise CheckoutError("Your cart is empty")
    if not ship_addr.strip():
        raise CheckoutError("A delivery address is required")

    with transaction.atomic():
        products = {
            p.pk: p
            for p in Product.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
        }
        _check_purchasable(products, wanted)
        order = Order.objects.create(cust_id=customer.pk, ship_addr=ship_addr.strip())
        lines = [
            OrderLine(
                order=order, prod=products[pid], qty=qty, unit_price_cents=products[pid].price_cents
            )
            for pid, qty in sorted(wanted.items())
        ]
        OrderLine.objects.bulk_create(lines)
        for pid, qty in wanted.items():
            Product.objects.filter(pk=pid).update(qty_on_hand=F("qty_on_hand") - qty)
        order.total_cents = sum(line.line_total_cents for line in lines)
        order.save(update_fields=["total_cents", "modified_dt"])
    return order


def _check_purchasable(products: dict[int, Product], wanted: dict[int, int]) -> None:
    missing = [pid for pid in wanted if pid not in products or products[pid].active_yn != YesNo.YES]
    if missing:
        raise CheckoutError(f"No longer on sale: product {', '.join(map(str, sorted(missing)))}")
    shortages = [
        StockShortage(pid, products[pid].prod_name, qty, products[pid].qty_on_hand)
        for pid, qty in sorted(wanted.items())
        if products[pid].qty_on_hand < qty
    ]
    if shortages:
        raise InsufficientStock(shortages)


def order_cancel(*, order_id: int) -> Order:
    """Cancel an unshipped order and put its stock back."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if not order.is_cancellable:
            raise OrderNotCancellable(order)
        for line in order.lines.order_by("prod_id"):
            Product.objects.filter(pk=line.prod_id).update(qty_on_hand=F("qty_on_hand") + line.qty)
        order.status = OrderStatus.CANCELLED
        order.save(update_fields=["status", "modified_dt"])
    return order


def order_mark_shipped(*, order_id: int) -> Order:
    """Mark an unshipped order as shipped, stamping the (naive local) ship time."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.status not in (OrderStatus.NEW, OrderStatus.HELD):
            raise OrderNotCancellable(order)
        order.status = OrderStatus.SHIPPED
        order.ship_dt = timezone.now()
        order.save(update_fields=["status", "ship_dt", "modified_dt"])
    return order
