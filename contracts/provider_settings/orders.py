"""Provider-verification settings of the orders service: its test settings plus the provider states.

Used only by the contracts stages, which set DATABASE_URL to the verification database.
"""

from contracts.provider_settings import verification_database
from extracted_services.orders.settings.test import *  # noqa: F403
from extracted_services.orders.settings.test import INSTALLED_APPS
from extracted_services.service_defaults.env import env_list

INSTALLED_APPS = [*INSTALLED_APPS, "contracts.provider_states"]
ROOT_URLCONF = "contracts.provider_states.urls"
DATABASES = {"default": verification_database()}

CONTRACTS_PROVIDER = {
    "NAME": "orders",
    "URLCONF": "extracted_services.orders.urls",
    "PATCHES": env_list("CONTRACTS_PROVIDER_PATCHES", []),
}
