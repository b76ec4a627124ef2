"""Provider-verification settings of the monolith behind the proxy: its states serve the proxy.

The monolith under the strangler proxy's verification is the legacy shop's provider settings
with the provider named `strangler_proxy`, so its state endpoint loads the parity states
(`provider_states_strangler_proxy.py`), which also fill the services the proxy reads.
"""

from contracts.provider_settings.legacy_monolith import *  # noqa: F403
from contracts.provider_settings.legacy_monolith import CONTRACTS_PROVIDER

CONTRACTS_PROVIDER = {**CONTRACTS_PROVIDER, "NAME": "strangler_proxy"}
