"""Compare-and-set moves of a saga between steps, each in one transaction with the order's change.

A move only happens if the saga is still where the mover saw it, so two runners that both hold
a saga (one of them after its lease expired) can never apply the same move twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from extracted_services.orders.conf import orders_setting

from ..models import Order, OrderSaga, SagaState


def lease_end() -> datetime:
    return timezone.now() + timedelta(seconds=orders_setting("SAGA_LEASE_SECONDS"))


def saga_claim(*, saga_id) -> OrderSaga | None:
    """Take the lease on an active saga that is due; None if it is not due or someone else has it."""
    now = timezone.now()
    claimed = OrderSaga.objects.filter(
        pk=saga_id,
        state__in=(SagaState.RUNNING, SagaState.COMPENSATING),
        next_attempt_at__lte=now,
    ).update(next_attempt_at=lease_end(), updated_at=now)
    return OrderSaga.objects.select_related("order").get(pk=saga_id) if claimed else None


def saga_move(
    saga: OrderSaga,
    *,
    step: str,
    state: str | None = None,
    error: str = "",
    on_order: Callable[[Order], None] | None = None,
) -> OrderSaga | None:
    """Move `saga` to `step` (and `state`) and apply `on_order` to its order, atomically.

    Returns the moved saga, or None when another runner moved it first (nothing is changed then).
    """
    now = timezone.now()
    state = state or saga.state
    finished = state in (SagaState.SUCCEEDED, SagaState.COMPENSATED)
    with transaction.atomic():
        moved = OrderSaga.objects.filter(pk=saga.pk, step=saga.step, state=saga.state).update(
            step=step,
            state=state,
            attempts=0,
            last_error=error,
            next_attempt_at=lease_end(),
            finished_at=now if finished else None,
            updated_at=now,
        )
        if not moved:
            return None
        if on_order is not None:
            order = Order.objects.select_for_update().get(pk=saga.order_id)
            on_order(order)
    return OrderSaga.objects.select_related("order").get(pk=saga.pk)


def saga_retry_later(saga: OrderSaga, *, error: str) -> OrderSaga:
    """Record a failed attempt at the current step and schedule the next one with backoff."""
    attempts = saga.attempts + 1
    delay = min(
        orders_setting("SAGA_RETRY_BASE_SECONDS") * 2 ** (attempts - 1),
        orders_setting("SAGA_RETRY_MAX_SECONDS"),
    )
    now = timezone.now()
    OrderSaga.objects.filter(pk=saga.pk, step=saga.step, state=saga.state).update(
        attempts=attempts,
        last_error=error,
        next_attempt_at=now + timedelta(seconds=delay),
        updated_at=now,
    )
    return OrderSaga.objects.select_related("order").get(pk=saga.pk)


def placement_overdue(saga: OrderSaga) -> bool:
    deadline = saga.started_at + timedelta(seconds=orders_setting("PLACEMENT_DEADLINE_SECONDS"))
    return timezone.now() >= deadline
