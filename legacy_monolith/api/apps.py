from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "legacy_monolith.api"
    label = "api"
    verbose_name = "Legacy JSON API"
