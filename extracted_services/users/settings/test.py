"""Users service test settings: database `users_service` unless USERS_DATABASE_URL is set."""

from extracted_services.service_defaults.settings.test import apply_test_settings

from .base import *  # noqa: F403

apply_test_settings(globals(), database_env="USERS_DATABASE_URL", database_name="users_service")
