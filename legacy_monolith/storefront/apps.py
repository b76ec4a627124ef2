from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "legacy_monolith.storefront"
    label = "storefront"
    verbose_name = "Storefront"
