"""The shop's Celery app (`celery -A legacy_monolith.celery worker|beat`), configured from settings."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legacy_monolith.settings.base")

app = Celery("legacy_monolith")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def serve_metrics(**kwargs) -> None:
    """With MESSAGING_METRICS_PORT set, the worker serves its relay counters to Prometheus.

    Counters are per process: use `--pool solo` or `--pool threads` for the relay worker.
    """
    port = os.environ.get("MESSAGING_METRICS_PORT")
    if port:
        from prometheus_client import start_http_server

        start_http_server(int(port), addr="127.0.0.1")
