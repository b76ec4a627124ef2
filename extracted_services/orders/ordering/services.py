"""Order writes: place (starts the placement saga), cancel (starts the release), ship, deliver, link."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from extracted_services.orders.readmodels.models import CustomerSnapshot
from extracted_services.orders.readmodels.selectors import product_snapshots_by_id
from extracted_services.orders.stock.port import StockReservations

from .address import ShippingAddressInvalid, shipping_address_cleaned
from .errors import OrderInvalid, OrderNotFound, OrderStateConflict
from .events import order_event_record
from .models import UNSHIPPED_STATUSES, Order, OrderLine, OrderSaga, OrderStatus, SagaKind, SagaStep
from .saga import saga_run


@dataclass(frozen=True)
class LineRequest:
    """One line of an order as asked for: which product and how many."""

    product_id: UUID
    quantity: int


def order_place(
    *,
    customer_id: UUID,
    lines: Sequence[LineRequest],
    shipping_address: Mapping[str, Any],
    stock: StockReservations,
) -> Order:
    """Create the order as pending, then run its placement saga as far as it goes now.

    Prices, names and the customer are taken from the local snapshots, so this needs the products
    service only for the stock. The returned order is `placed`, `rejected` (with a reason), or still
    `pending` when the products service is unreachable; `resume_sagas` then finishes it.
    """
    order = order_create_pending(
        customer_id=customer_id, lines=lines, shipping_address=shipping_address
    )
    return order_place_continue(order_id=order.id, stock=stock)


def order_place_continue(*, order_id: UUID, stock: StockReservations) -> Order:
    """Run the order's placement saga now if it is due and nobody else runs it; the order after.

    Call outside any transaction: the saga commits each step as it goes.
    """
    saga = OrderSaga.objects.get(order_id=order_id, kind=SagaKind.PLACEMENT)
    saga_run(saga_id=saga.pk, stock=stock)
    return Order.objects.prefetch_related("lines").get(pk=order_id)


def order_create_pending(
    *, customer_id: UUID, lines: Sequence[LineRequest], shipping_address: Mapping[str, Any]
) -> Order:
    """Check the request against the snapshots and store the pending order with its saga."""
    problems: dict[str, list[str]] = {}
    customer = CustomerSnapshot.objects.filter(pk=customer_id).first()
    if customer is None:
        problems["customer_id"] = [f"no customer {customer_id} is known to the orders service"]
    elif not customer.is_active:
        problems["customer_id"] = [f"customer {customer_id} is deactivated and cannot order"]
    try:
        address = shipping_address_cleaned(shipping_address)
    except ShippingAddressInvalid as exc:
        problems["shipping_address"] = [str(exc)]
    line_errors, priced = _priced_lines(lines)
    if line_errors:
        problems["lines"] = line_errors
    if problems:
        raise OrderInvalid(problems)
    assert customer is not None  # reported above otherwise

    currency = priced[0].currency
    with transaction.atomic():
        order = Order.objects.create(
            customer_id=customer_id,
            customer_legacy_id=customer.legacy_id,
            currency=currency,
            shipping_address=address,
            total=sum((line.unit_price * line.quantity for line in priced), Decimal("0.00")),
        )
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                product_id=line.product_id,
                product_legacy_id=line.product_legacy_id,
                sku=line.sku,
                product_name=line.name,
                quantity=line.quantity,
                unit_price=line.unit_price,
            )
            for line in priced
        )
        OrderSaga.objects.create(order=order, kind=SagaKind.PLACEMENT, step=SagaStep.RESERVE_STOCK)
    return order


@dataclass(frozen=True)
class _PricedLine:
    product_id: UUID
    product_legacy_id: int | None
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    currency: str


def _priced_lines(lines: Sequence[LineRequest]) -> tuple[list[str], list[_PricedLine]]:
    if not lines:
        return ["an order needs at least one line"], []
    errors: list[str] = []
    seen: set[UUID] = set()
    for line in lines:
        if line.product_id in seen:
            errors.append(
                f"product {line.product_id} appears twice; send one line per product "
                "with the total quantity"
            )
        seen.add(line.product_id)
        if line.quantity < 1:
            errors.append(f"quantity of product {line.product_id} must be at least 1")
    products = product_snapshots_by_id(product_ids=seen)
    priced: list[_PricedLine] = []
    for line in lines:
        product = products.get(line.product_id)
        if product is None:
            errors.append(f"no product {line.product_id} is known to the orders service")
        elif not product.is_active:
            errors.append(f"product {line.product_id} ({product.name}) is no longer on sale")
        else:
            priced.append(
                _PricedLine(
                    product.id,
                    product.legacy_id,
                    product.sku,
                    product.name,
                    line.quantity,
                    product.price,
                    product.currency,
                )
            )
    currencies = sorted({line.currency for line in priced})
    if len(currencies) > 1:
        errors.append(
            f"all products of one order must share a currency, got {', '.join(currencies)}"
        )
    return errors, priced


def order_cancel(*, order_id: UUID, stock: StockReservations) -> Order:
    """Cancel an unshipped order at once, then give its stock back (retried until it is taken back)."""
    with transaction.atomic():
        order = _locked(order_id)
        if order.status == OrderStatus.CANCELLED:
            return order
        if order.status not in UNSHIPPED_STATUSES:
            raise OrderStateConflict(_not_now(order, "cancelled"), status=order.status)
        order.status = OrderStatus.CANCELLED
        order.cancelled_at = timezone.now()
        order.save(update_fields=["status", "cancelled_at", "updated_at"])
        saga = OrderSaga.objects.create(
            order=order, kind=SagaKind.CANCELLATION, step=SagaStep.RELEASE_STOCK
        )
        order_event_record(order=order, change="cancelled")
    saga_run(saga_id=saga.pk, stock=stock)
    order.refresh_from_db()
    return order


def order_mark_shipped(*, order_id: UUID) -> Order:
    """Mark an unshipped order shipped, stamping the time."""
    with transaction.atomic():
        order = _locked(order_id)
        if order.status == OrderStatus.SHIPPED:
            return order
        if order.status not in UNSHIPPED_STATUSES:
            raise OrderStateConflict(_not_now(order, "shipped"), status=order.status)
        order.status = OrderStatus.SHIPPED
        order.shipped_at = timezone.now()
        order.save(update_fields=["status", "shipped_at", "updated_at"])
        order_event_record(order=order, change="shipped")
    return order


def order_mark_delivered(*, order_id: UUID) -> Order:
    """Mark a shipped order delivered, stamping the time."""
    with transaction.atomic():
        order = _locked(order_id)
        if order.status == OrderStatus.DELIVERED:
            return order
        if order.status != OrderStatus.SHIPPED:
            raise OrderStateConflict(_not_now(order, "delivered"), status=order.status)
        order.status = OrderStatus.DELIVERED
        order.delivered_at = timezone.now()
        order.save(update_fields=["status", "delivered_at", "updated_at"])
        order_event_record(order=order, change="delivered")
    return order


def order_link_legacy_id(*, order_id: UUID, legacy_id: int) -> Order:
    """Record the legacy id reverse sync gave an order placed here; repeating it is a no-op."""
    with transaction.atomic():
        order = _locked(order_id)
        if order.legacy_id == legacy_id:
            return order
        if order.legacy_id is not None:
            raise OrderStateConflict(
                f"order {order.id} already has legacy id {order.legacy_id}, not {legacy_id}"
            )
        order.legacy_id = legacy_id
        try:
            with transaction.atomic():
                order.save(update_fields=["legacy_id", "updated_at"])
        except IntegrityError:
            raise OrderStateConflict(
                f"legacy id {legacy_id} already belongs to another order"
            ) from None
    return order


def _locked(order_id: UUID) -> Order:
    try:
        return Order.objects.select_for_update().get(pk=order_id)
    except Order.DoesNotExist:
        raise OrderNotFound(order_id) from None


def _not_now(order: Order, change: str) -> str:
    if order.status == OrderStatus.PENDING:
        return f"order {order.id} is still being placed; it can be {change} once it is placed"
    return f"order {order.id} is {order.get_status_display().lower()} and cannot be {change}"
