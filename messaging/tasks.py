"""Celery task: the relay, nudged after each commit and swept by beat every second."""

from typing import Any

from celery import shared_task

from .relay import default_relay


@shared_task(name="messaging.relay_outbox", ignore_result=True)
def relay_outbox(nudged_at: float | None = None) -> dict[str, Any]:
    """Publish pending outbox events until none is left or the time budget is spent.

    Nudges pass `nudged_at` (when they were sent) so covered ones return at once; the beat
    sweep passes nothing and always looks.
    """
    return default_relay().drain(nudged_at=nudged_at).as_dict()
