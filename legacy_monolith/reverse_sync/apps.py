"""App config of reverse sync."""

from django.apps import AppConfig


class ReverseSyncConfig(AppConfig):
    name = "legacy_monolith.reverse_sync"
    label = "reverse_sync"
    verbose_name = "Reverse sync (services to legacy tables)"
    default_auto_field = "django.db.models.BigAutoField"
