"""Provider-verification settings of the users service: its test settings plus the provider states.

Used only by the contracts stages, which set DATABASE_URL to the verification database.
"""

from contracts.provider_settings import verification_database
from extracted_services.service_defaults.env import env_list
from extracted_services.users.settings.test import *  # noqa: F403
from extracted_services.users.settings.test import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "contracts.provider_states"]
ROOT_URLCONF = "contracts.provider_states.urls"
DATABASES = {"default": verification_database()}

CONTRACTS_PROVIDER = {
    "NAME": "users",
    "URLCONF": "extracted_services.users.urls",
    "PATCHES": env_list("CONTRACTS_PROVIDER_PATCHES", []),
}
