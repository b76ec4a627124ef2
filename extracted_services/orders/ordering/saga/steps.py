"""What each saga step does. Every step is safe to repeat: the stock calls are keyed by order id."""

from __future__ import annotations

from django.utils import timezone

from extracted_services.orders.stock.port import StockLine, StockRejected, StockReservations

from ..events import order_event_record
from ..models import Order, OrderSaga, OrderStatus, SagaKind, SagaState, SagaStep
from .transitions import saga_move


def _stock_lines(saga: OrderSaga) -> list[StockLine]:
    return [
        StockLine(product_id=line.product_id, quantity=line.quantity)
        for line in saga.order.lines.order_by("product_id")
    ]


def _placed_here(saga: OrderSaga) -> bool:
    return (
        saga.kind == SagaKind.PLACEMENT
        or OrderSaga.objects.filter(order_id=saga.order_id, kind=SagaKind.PLACEMENT).exists()
    )


def reserve_stock(saga: OrderSaga, stock: StockReservations) -> OrderSaga | None:
    try:
        stock.reserve(reservation_id=saga.order_id, lines=_stock_lines(saga))
    except StockRejected as exc:
        return start_compensation(saga, reason=str(exc))
    return saga_move(saga, step=SagaStep.CONFIRM_RESERVATION)


def confirm_reservation(saga: OrderSaga, stock: StockReservations) -> OrderSaga | None:
    try:
        stock.confirm(reservation_id=saga.order_id)
    except StockRejected as exc:
        return start_compensation(saga, reason=str(exc))
    return saga_move(saga, step=SagaStep.DONE, state=SagaState.SUCCEEDED, on_order=_mark_placed)


def release_stock(saga: OrderSaga, stock: StockReservations) -> OrderSaga | None:
    if _placed_here(saga):
        stock.release(reservation_id=saga.order_id)
    else:
        # Placed in the legacy shop: the products service holds no reservation for it.
        stock.restock(key=f"order-{saga.order_id}-cancelled", lines=_stock_lines(saga))
    # A cancellation succeeds by releasing; a placement that releases has been compensated.
    state = SagaState.SUCCEEDED if saga.kind == SagaKind.CANCELLATION else SagaState.COMPENSATED
    return saga_move(saga, step=SagaStep.DONE, state=state, error=saga.last_error)


def start_compensation(saga: OrderSaga, *, reason: str) -> OrderSaga | None:
    """Reject the order with `reason` now and go on to release whatever stock it may hold."""

    def reject(order: Order) -> None:
        order.status = OrderStatus.REJECTED
        order.rejection_reason = reason
        order.save(update_fields=["status", "rejection_reason", "updated_at"])
        _on_order_changed(order, "rejected")

    return saga_move(
        saga,
        step=SagaStep.RELEASE_STOCK,
        state=SagaState.COMPENSATING,
        error=reason,
        on_order=reject,
    )


def _mark_placed(order: Order) -> None:
    order.status = OrderStatus.PLACED
    order.placed_at = timezone.now()
    order.save(update_fields=["status", "placed_at", "updated_at"])
    _on_order_changed(order, "placed")


def _on_order_changed(order: Order, change: str) -> None:
    order_event_record(order=order, change=change)


STEPS = {
    (SagaKind.PLACEMENT, SagaStep.RESERVE_STOCK): reserve_stock,
    (SagaKind.PLACEMENT, SagaStep.CONFIRM_RESERVATION): confirm_reservation,
    (SagaKind.PLACEMENT, SagaStep.RELEASE_STOCK): release_stock,
    (SagaKind.CANCELLATION, SagaStep.RELEASE_STOCK): release_stock,
}
