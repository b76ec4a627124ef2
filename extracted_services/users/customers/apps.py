"""The customers app of the users service."""

from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "extracted_services.users.customers"
    label = "customers"
    default_auto_field = "django.db.models.BigAutoField"
