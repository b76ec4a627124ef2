"""Drives sagas: one now (right after an order is placed or cancelled), or every saga that is due."""

from __future__ import annotations

import logging
from uuid import UUID

from django.utils import timezone

from extracted_services.orders.stock.port import StockReservations, StockServiceUnavailable

from ..models import ACTIVE_SAGA_STATES, OrderSaga, SagaKind, SagaState, SagaStep
from .steps import STEPS, start_compensation
from .transitions import placement_overdue, saga_claim, saga_retry_later

logger = logging.getLogger(__name__)


def saga_run(*, saga_id: UUID, stock: StockReservations) -> OrderSaga:
    """Run a saga step by step until it finishes or has to wait for an unreachable service.

    Does nothing to a saga that is not due or that another runner holds. Exceptions other than
    the stock port's leave the saga at its step; it is resumed once its lease runs out.
    """
    saga = saga_claim(saga_id=saga_id)
    while saga is not None and saga.is_active:
        step = STEPS[(SagaKind(saga.kind), SagaStep(saga.step))]
        try:
            moved = step(saga, stock)
        except StockServiceUnavailable as exc:
            if _placement_past_deadline(saga):
                reason = f"the products service could not confirm the stock in time ({exc})"
                saga = start_compensation(saga, reason=reason)
                continue
            logger.warning("saga %s waits at %s: %s", saga.pk, saga.step, exc)
            saga_retry_later(saga, error=str(exc))
            break
        if moved is None:
            logger.info("saga %s was moved on by another runner", saga.pk)
            break
        saga = moved
    return OrderSaga.objects.select_related("order").get(pk=saga_id)


def _placement_past_deadline(saga: OrderSaga) -> bool:
    """A placement still trying to reserve or confirm after its deadline gives up; compensation never does."""
    return (
        saga.kind == SagaKind.PLACEMENT
        and saga.state == SagaState.RUNNING
        and placement_overdue(saga)
    )


def sagas_resume_due(*, stock: StockReservations, limit: int = 100) -> list[OrderSaga]:
    """Run every active saga whose retry time or lease has passed, oldest first."""
    due = OrderSaga.objects.filter(
        state__in=ACTIVE_SAGA_STATES, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at")[:limit]
    return [saga_run(saga_id=saga_id, stock=stock) for saga_id in due.values_list("pk", flat=True)]
