from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "legacy_monolith.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"
