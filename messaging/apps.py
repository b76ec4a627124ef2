"""App config: loads every installed app's `events` and `handlers` modules at start-up."""

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Messaging (outbox, relay, inbox)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Owners register event types (with their JSON Schemas) in `<app>/events.py` and
        # consumers' handlers in `<app>/handlers.py`; both must be known before any write.
        autodiscover_modules("events")
        autodiscover_modules("handlers")
