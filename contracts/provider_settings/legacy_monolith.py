"""Provider-verification settings of the legacy shop: its test settings plus the provider states.

Used only by the contracts provider stage, which sets DATABASE_URL to the verification database.
"""

from legacy_monolith.settings.env import env_list
from legacy_monolith.settings.test import *  # noqa: F403
from legacy_monolith.settings.test import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "contracts.provider_states"]
ROOT_URLCONF = "contracts.provider_states.urls"

CONTRACTS_PROVIDER = {
    "NAME": "legacy_monolith",
    "URLCONF": "legacy_monolith.urls",
    "PATCHES": env_list("CONTRACTS_PROVIDER_PATCHES", []),
}
