"""Orders service settings: the shared service defaults plus what is the orders service's own."""

from extracted_services.service_defaults.backfill.database import legacy_database_from_env
from extracted_services.service_defaults.env import database_from_env, env_int, env_str
from extracted_services.service_defaults.settings.base import *  # noqa: F403
from extracted_services.service_defaults.settings.base import (
    installed_apps,
    messaging_settings,
    spectacular_settings,
)

SERVICE_NAME = "orders"
ROOT_URLCONF = "extracted_services.orders.urls"
WSGI_APPLICATION = "extracted_services.orders.wsgi.application"
INSTALLED_APPS = installed_apps(
    "messaging",
    "extracted_services.orders.readmodels",
    "extracted_services.orders.ordering",
)
DATABASES = {
    "default": database_from_env("ORDERS_DATABASE_URL", "orders.sqlite3"),
    # Read only, for backfill and reconcile: LEGACY_DATABASE_URL, else the monolith's SQLite file.
    "legacy": legacy_database_from_env(),
}
MESSAGING = messaging_settings(source="/orders")
SPECTACULAR_SETTINGS = spectacular_settings(
    title="Orders service",
    description=(
        "Places orders through a persisted saga (reserve stock, confirm, or compensate), lists "
        "and cancels them, and keeps snapshots of customers and products from their events."
    ),
)

# Read through extracted_services.orders.conf, which holds the defaults and what each means.
ORDERS = {
    "PRODUCTS_URL": env_str("PRODUCTS_SERVICE_URL", "http://127.0.0.1:8012"),
    "PLACEMENT_DEADLINE_SECONDS": env_int("ORDERS_PLACEMENT_DEADLINE_SECONDS", 900),
}
