"""App config: load the provider's state handlers at start-up, so a bad one stops the server."""

from django.apps import AppConfig


class ProviderStatesConfig(AppConfig):
    name = "contracts.provider_states"
    label = "contracts_provider_states"
    verbose_name = "Contract provider states"

    def ready(self) -> None:
        from .patches import apply_patches
        from .registry import registry

        registry()  # fail at start-up, with the file at fault, rather than on the first state
        apply_patches()
