"""App config: connects the signals that bump the route-table version on every change."""

from django.apps import AppConfig


class FeaturesConfig(AppConfig):
    name = "strangler_proxy.control_plane.features"
    label = "strangler_features"
    verbose_name = "Strangler migration"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
