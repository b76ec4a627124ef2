"""Django app config for orders and their sagas."""

from django.apps import AppConfig


class OrderingConfig(AppConfig):
    name = "extracted_services.orders.ordering"
    label = "orders_ordering"
    verbose_name = "Orders"
    default_auto_field = "django.db.models.BigAutoField"
