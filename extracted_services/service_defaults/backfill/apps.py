"""The backfill Django app: one checkpoint per backfill step, in the service's own database."""

from django.apps import AppConfig


class BackfillConfig(AppConfig):
    name = "extracted_services.service_defaults.backfill"
    label = "backfill"
    verbose_name = "Backfill from the legacy shop"
    default_auto_field = "django.db.models.BigAutoField"
