"""Orders service production settings: refuses to start without its secrets, database and products URL."""

from extracted_services.service_defaults.settings.production import apply_production_settings

from .base import *  # noqa: F403

apply_production_settings(globals(), required_env=["ORDERS_DATABASE_URL", "PRODUCTS_SERVICE_URL"])
