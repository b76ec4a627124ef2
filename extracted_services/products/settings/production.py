"""Products service production settings: refuses to start without its secrets and database."""

from extracted_services.service_defaults.settings.production import apply_production_settings

from .base import *  # noqa: F403

apply_production_settings(globals(), required_env=["PRODUCTS_DATABASE_URL"])
