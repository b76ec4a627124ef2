"""Products service test settings: database `products_service` unless PRODUCTS_DATABASE_URL is set."""

from extracted_services.service_defaults.settings.test import apply_test_settings

from .base import *  # noqa: F403

apply_test_settings(
    globals(), database_env="PRODUCTS_DATABASE_URL", database_name="products_service"
)
