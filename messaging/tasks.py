"""Celery task: the relay, nudged after each commit and swept by beat every second."""

from typing import Any

from celery import shared_task

from .relay import default_relay


@shared_task(name="messaging.relay_outbox", ignore_result=True)
def relay_outbox() -> dict[str, Any]:
    """Publish pending outbox events until none is left or the time budget is spent."""
    return default_relay().drain().as_dict()
