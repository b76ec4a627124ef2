"""Celery task for a worker with beat: resume due sagas, the same as `manage.py resume_sagas`."""

from __future__ import annotations

from celery import shared_task

from extracted_services.orders.stock.wiring import stock_reservations

from .saga import sagas_resume_due
from .saga.report import sagas_outcome_summary


@shared_task(name="orders.resume_sagas", ignore_result=True)
def resume_sagas(limit: int = 100) -> str:
    """Run every saga that is due; schedule it every few seconds with Celery beat."""
    return sagas_outcome_summary(sagas_resume_due(stock=stock_reservations(), limit=limit))
