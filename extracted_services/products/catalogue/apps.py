"""The catalogue app of the products service: categories, products, stock and reservations."""

from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "extracted_services.products.catalogue"
    label = "catalogue"
    default_auto_field = "django.db.models.BigAutoField"
