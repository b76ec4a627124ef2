"""The provider's own URLs plus the provider-state and message endpoints.

No trailing slashes: the verifier drops them. The provider's own error handlers (a service's
problem+json 404, say) are re-exported, since Django reads them from the root URLconf only.
"""

from importlib import import_module

from django.urls import include, path

from .conf import provider_setting
from .messages import provider_message
from .views import provider_states

_provider_urls = import_module(provider_setting("URLCONF"))

urlpatterns = [
    path("_pact/provider-states", provider_states, name="contracts-provider-states"),
    path("_pact/messages/<str:consumer>", provider_message, name="contracts-provider-message"),
    path("", include(_provider_urls)),
]

for _handler in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(_provider_urls, _handler):
        globals()[_handler] = getattr(_provider_urls, _handler)
