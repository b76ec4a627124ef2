"""Start-up patches named in CONTRACTS_PROVIDER["PATCHES"]: how a test breaks a provider on purpose.

Each entry is "module:function", called once when the provider process starts. Only the
contract tests set them, through CONTRACTS_PROVIDER_PATCHES in that provider's environment.
"""

from importlib import import_module

from django.core.exceptions import ImproperlyConfigured

from .conf import provider_setting


def apply_patches() -> None:
    for reference in provider_setting("PATCHES", []):
        module_name, _, function_name = reference.partition(":")
        try:
            patch = getattr(import_module(module_name), function_name)
        except (ImportError, AttributeError) as exc:
            raise ImproperlyConfigured(
                f"provider patch {reference!r} cannot be loaded: {exc}"
            ) from exc
        patch()
