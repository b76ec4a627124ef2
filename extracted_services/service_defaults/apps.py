"""The service-defaults Django app: idempotency records, schema extensions, shared commands."""

from django.apps import AppConfig


class ServiceDefaultsConfig(AppConfig):
    name = "extracted_services.service_defaults"
    label = "service_defaults"
    verbose_name = "Service defaults"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the OpenAPI description of the bearer-token authentication.
        from extracted_services.service_defaults import schema  # noqa: F401
