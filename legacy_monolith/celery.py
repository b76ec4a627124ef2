"""The shop's Celery app (`celery -A legacy_monolith.celery worker|beat`), configured from settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legacy_monolith.settings.base")

app = Celery("legacy_monolith")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
