"""The placement saga: success, refusal, crashes between steps and an unreachable products service."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import pytest
from django.test import override_settings

from extracted_services.orders.ordering.models import (
    Order,
    OrderSaga,
    OrderStatus,
    SagaKind,
    SagaState,
    SagaStep,
)
from extracted_services.orders.ordering.saga import sagas_resume_due
from extracted_services.orders.stock.fake import CONFIRMED, RELEASED, FakeStockReservations

pytestmark = pytest.mark.django_db


class ProcessCrashed(Exception):
    """Stands for the process dying: nothing in the saga catches it."""


@dataclass
class CrashAfterReserve:
    """The products service holds the stock, then our process dies before recording it."""

    stock: FakeStockReservations

    def reserve(self, *, reservation_id: UUID, lines) -> None:
        self.stock.reserve(reservation_id=reservation_id, lines=lines)
        raise ProcessCrashed("killed after the reservation was made")

    def confirm(self, *, reservation_id: UUID) -> None:
        self.stock.confirm(reservation_id=reservation_id)

    def release(self, *, reservation_id: UUID) -> None:
        self.stock.release(reservation_id=reservation_id)


@dataclass
class CrashBeforeConfirm(CrashAfterReserve):
    """The reservation is made and recorded; the process dies before confirming it."""

    def reserve(self, *, reservation_id: UUID, lines) -> None:
        self.stock.reserve(reservation_id=reservation_id, lines=lines)

    def confirm(self, *, reservation_id: UUID) -> None:
        raise ProcessCrashed("killed before the confirmation was sent")


def placement_saga(order: Order) -> OrderSaga:
    return OrderSaga.objects.get(order=order, kind=SagaKind.PLACEMENT)


def test_success_places_the_order_at_snapshot_prices_and_takes_the_stock_once(
    place, stock, teapot, mug, customer
):
    order = place({teapot: 2, mug: 3})

    assert order.status == OrderStatus.PLACED
    assert order.placed_at is not None
    assert order.customer_id == customer.id
    assert order.total == Decimal("70.75")  # 2 x 24.50 + 3 x 7.25
    assert order.currency == "GBP"
    lines = {line.product_id: line for line in order.lines.all()}
    assert lines[teapot.id].unit_price == Decimal("24.50")
    assert lines[teapot.id].product_name == "Brown Betty teapot"
    assert lines[mug.id].quantity == 3
    assert stock.on_hand == {teapot.id: 3, mug.id: 7}
    assert stock.reservations[order.id].state == CONFIRMED
    assert [name for name, _ in stock.calls] == ["reserve", "confirm"]
    saga = placement_saga(order)
    assert (saga.step, saga.state, saga.attempts) == (SagaStep.DONE, SagaState.SUCCEEDED, 0)
    assert saga.finished_at is not None


def test_insufficient_stock_rejects_the_order_with_the_reason_and_leaks_nothing(
    place, stock, teapot, mug
):
    order = place({teapot: 6, mug: 1})

    assert order.status == OrderStatus.REJECTED
    assert "not enough stock" in order.rejection_reason
    assert str(teapot.id) in order.rejection_reason
    assert order.placed_at is None
    assert stock.on_hand == {teapot.id: 5, mug.id: 10}
    assert stock.held_quantity(teapot.id) == stock.held_quantity(mug.id) == 0
    saga = placement_saga(order)
    assert (saga.step, saga.state) == (SagaStep.DONE, SagaState.COMPENSATED)
    assert "not enough stock" in saga.last_error
    # The release is sent anyway: a reservation may exist even when our call saw a failure.
    assert [name for name, _ in stock.calls] == ["reserve", "release"]


@override_settings(ORDERS={"SAGA_LEASE_SECONDS": 0})
def test_a_crash_after_reserving_resumes_without_a_second_reservation(place, stock, teapot):
    with pytest.raises(ProcessCrashed):
        place({teapot: 2}, through=CrashAfterReserve(stock))

    order = Order.objects.get()
    assert order.status == OrderStatus.PENDING
    assert placement_saga(order).step == SagaStep.RESERVE_STOCK
    assert stock.on_hand[teapot.id] == 3

    resumed = sagas_resume_due(stock=stock)

    assert [saga.order_id for saga in resumed] == [order.id]
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED
    assert stock.on_hand[teapot.id] == 3, "the repeated reserve must not take the stock again"
    assert list(stock.reservations) == [order.id]
    assert [name for name, _ in stock.calls] == ["reserve", "reserve", "confirm"]
    assert placement_saga(order).state == SagaState.SUCCEEDED


@override_settings(ORDERS={"SAGA_LEASE_SECONDS": 0})
def test_a_crash_before_confirming_resumes_at_the_confirmation(place, stock, teapot):
    with pytest.raises(ProcessCrashed):
        place({teapot: 1}, through=CrashBeforeConfirm(stock))
    order = Order.objects.get()
    assert placement_saga(order).step == SagaStep.CONFIRM_RESERVATION

    sagas_resume_due(stock=stock)

    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED
    assert [name for name, _ in stock.calls] == ["reserve", "confirm"]
    assert stock.on_hand[teapot.id] == 4


def test_a_saga_held_by_a_live_runner_is_not_resumed_by_another(place, stock, teapot):
    with pytest.raises(ProcessCrashed):
        place({teapot: 1}, through=CrashAfterReserve(stock))

    # The default lease (30 s) has not run out: the first runner may still be working.
    assert sagas_resume_due(stock=stock) == []
    assert Order.objects.get().status == OrderStatus.PENDING
    assert [name for name, _ in stock.calls] == ["reserve"]


def test_products_service_down_leaves_the_order_pending_and_schedules_a_retry(place, stock, teapot):
    stock.down = True

    order = place({teapot: 1})

    assert order.status == OrderStatus.PENDING
    saga = placement_saga(order)
    assert (saga.step, saga.state, saga.attempts) == (SagaStep.RESERVE_STOCK, SagaState.RUNNING, 1)
    assert "products service is down" in saga.last_error
    assert saga.next_attempt_at > saga.updated_at
    assert sagas_resume_due(stock=stock) == [], "not due before its backoff has passed"


@override_settings(ORDERS={"SAGA_RETRY_BASE_SECONDS": 0})
def test_an_order_left_pending_is_placed_once_the_products_service_is_back(place, stock, teapot):
    stock.down = True
    order = place({teapot: 1})
    sagas_resume_due(stock=stock)
    assert placement_saga(order).attempts == 2

    stock.down = False
    sagas_resume_due(stock=stock)

    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED
    assert stock.on_hand[teapot.id] == 4
    saga = placement_saga(order)
    assert (saga.state, saga.attempts, saga.last_error) == (SagaState.SUCCEEDED, 0, "")


@override_settings(ORDERS={"PLACEMENT_DEADLINE_SECONDS": 0, "SAGA_RETRY_BASE_SECONDS": 0})
def test_past_the_deadline_the_order_is_rejected_and_the_release_waits_for_the_service(
    place, stock, teapot
):
    stock.down = True

    order = place({teapot: 1})

    assert order.status == OrderStatus.REJECTED
    assert "products service could not confirm the stock in time" in order.rejection_reason
    saga = placement_saga(order)
    assert (saga.step, saga.state) == (SagaStep.RELEASE_STOCK, SagaState.COMPENSATING)

    stock.down = False
    sagas_resume_due(stock=stock)

    saga.refresh_from_db()
    assert (saga.step, saga.state) == (SagaStep.DONE, SagaState.COMPENSATED)
    assert stock.reservations[order.id].state == RELEASED
    assert stock.on_hand[teapot.id] == 5


def test_a_finished_saga_is_never_run_again(place, stock, teapot):
    order = place({teapot: 1})

    assert sagas_resume_due(stock=stock) == []
    assert [name for name, _ in stock.calls] == ["reserve", "confirm"]
    assert order.status == OrderStatus.PLACED
