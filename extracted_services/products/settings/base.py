"""Products service settings: the shared service defaults plus what is the products service's own."""

from extracted_services.service_defaults.backfill.database import legacy_database_from_env
from extracted_services.service_defaults.env import database_from_env
from extracted_services.service_defaults.settings.base import *  # noqa: F403
from extracted_services.service_defaults.settings.base import (
    installed_apps,
    messaging_settings,
    spectacular_settings,
)

SERVICE_NAME = "products"
ROOT_URLCONF = "extracted_services.products.urls"
WSGI_APPLICATION = "extracted_services.products.wsgi.application"
INSTALLED_APPS = installed_apps("messaging", "extracted_services.products.catalogue")
DATABASES = {
    "default": database_from_env("PRODUCTS_DATABASE_URL", "products.sqlite3"),
    # Read only, for backfill and reconcile: LEGACY_DATABASE_URL, else the monolith's SQLite file.
    "legacy": legacy_database_from_env(),
}
MESSAGING = messaging_settings(source="/products")
SPECTACULAR_SETTINGS = spectacular_settings(
    title="Products service",
    description=(
        "Catalogue (categories, products, search), stock, and stock reservations for orders: "
        "reserve (all or nothing), confirm, release; each idempotent."
    ),
)
