"""Operator's view of the sagas: which are unfinished, where they wait and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import QuerySet

from ..models import ACTIVE_SAGA_STATES, OrderSaga


def sagas_unfinished() -> QuerySet[OrderSaga]:
    return OrderSaga.objects.filter(state__in=ACTIVE_SAGA_STATES).order_by("next_attempt_at")


def sagas_outcome_summary(sagas: Iterable[OrderSaga]) -> str:
    """`2 succeeded, 1 running` for the sagas given, by their state."""
    counts = Counter(saga.state for saga in sagas)
    return ", ".join(f"{count} {state}" for state, count in sorted(counts.items())) or "none due"
