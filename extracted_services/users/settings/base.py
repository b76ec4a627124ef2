"""Users service settings: the shared service defaults plus what is the users service's own."""

from extracted_services.service_defaults.backfill.database import legacy_database_from_env
from extracted_services.service_defaults.env import database_from_env
from extracted_services.service_defaults.settings.base import *  # noqa: F403
from extracted_services.service_defaults.settings.base import (
    installed_apps,
    messaging_settings,
    spectacular_settings,
)

SERVICE_NAME = "users"
ROOT_URLCONF = "extracted_services.users.urls"
WSGI_APPLICATION = "extracted_services.users.wsgi.application"
INSTALLED_APPS = installed_apps("messaging", "extracted_services.users.customers")
DATABASES = {
    "default": database_from_env("USERS_DATABASE_URL", "users.sqlite3"),
    # Read only, for backfill and reconcile: LEGACY_DATABASE_URL, else the monolith's SQLite file.
    "legacy": legacy_database_from_env(),
}
MESSAGING = messaging_settings(source="/users")
SPECTACULAR_SETTINGS = spectacular_settings(
    title="Users service",
    description="Customer accounts, profiles and addresses, and the credential check for login.",
)

# Hashes migrate from the monolith unchanged, so every hasher it may have used stays readable.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
