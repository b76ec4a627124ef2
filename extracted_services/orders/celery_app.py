"""The orders service's Celery app, which relays its outbox (see service_defaults/outbox.py)."""

from extracted_services.service_defaults.outbox import service_celery_app

app = service_celery_app("orders")
