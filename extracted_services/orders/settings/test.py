"""Orders service test settings: database `orders_service` unless ORDERS_DATABASE_URL is set."""

from extracted_services.service_defaults.settings.test import apply_test_settings

from .base import *  # noqa: F403

apply_test_settings(globals(), database_env="ORDERS_DATABASE_URL", database_name="orders_service")
