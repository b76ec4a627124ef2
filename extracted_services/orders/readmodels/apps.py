"""Django app config for the customer and product snapshots."""

from django.apps import AppConfig


class ReadModelsConfig(AppConfig):
    name = "extracted_services.orders.readmodels"
    label = "orders_readmodels"
    verbose_name = "Customer and product snapshots"
    default_auto_field = "django.db.models.BigAutoField"
