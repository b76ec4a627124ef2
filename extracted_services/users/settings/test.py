"""Users service test settings: database `users_service` unless USERS_DATABASE_URL is set."""

from extracted_services.service_defaults.settings.test import apply_test_settings

from .base import *  # noqa: F403
from .base import PASSWORD_HASHERS as BASE_HASHERS

apply_test_settings(globals(), database_env="USERS_DATABASE_URL", database_name="users_service")

# New passwords hash fast in tests; the migrated kinds stay readable.
PASSWORD_HASHERS = sorted(BASE_HASHERS, key=lambda path: not path.endswith("MD5PasswordHasher"))
