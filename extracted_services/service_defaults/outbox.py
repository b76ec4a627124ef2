"""Outbox wiring: each service's Celery app, which relays the service's outbox to the broker.

`extracted_services/<service>/celery_app.py` holds `app = service_celery_app("<service>")`; run it
with `celery -A extracted_services.<service>.celery_app worker -B -Q <service>-relay`. The relay
itself comes from the `messaging` app; this only routes it to the service's own queue and
schedules the one-second sweep that catches anything a nudge missed.
"""

from __future__ import annotations

import os

from celery import Celery

from extracted_services.service_defaults.env import (
    VAR_DIR,
    broker_transport_options,
    broker_url_from_env,
    env_str,
)
from messaging.broker import EMBEDDED_TRANSPORT

RELAY_TASK = "messaging.relay_outbox"


def service_celery_app(service: str) -> Celery:
    """The Celery app of `service`: its relay queue, the sweep, the shared broker."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"extracted_services.{service}.settings.base")
    queue = f"{service}-relay"
    broker_url = broker_url_from_env() or "filesystem://"
    sweep_seconds = float(env_str("MESSAGING_SWEEP_SECONDS", "1.0"))
    app = Celery(f"{service}-service")
    app.conf.update(
        broker_url=broker_url,
        broker_transport_options=broker_transport_options(broker_url, "celery"),
        # The embedded transport writes a message then renames it, so no worker reads half of it.
        broker_transport=EMBEDDED_TRANSPORT if broker_url.startswith("filesystem:") else None,
        broker_connection_retry_on_startup=True,
        task_default_queue=queue,
        task_ignore_result=True,
        task_routes={RELAY_TASK: {"queue": queue}},
        worker_hijack_root_logger=False,
        beat_schedule_filename=str(VAR_DIR / f"celerybeat-{service}"),
        beat_schedule={
            "messaging-relay-sweep": {
                "task": RELAY_TASK,
                "schedule": sweep_seconds,
                "options": {"queue": queue, "expires": 5},
            }
        },
    )
    # Registers messaging's relay task once Django is set up by the worker.
    app.autodiscover_tasks(["messaging"])
    return app
