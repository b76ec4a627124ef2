"""The provider's own URLs plus the provider-state endpoint (no trailing slash: the verifier drops it)."""

from django.urls import include, path

from .conf import provider_setting
from .views import provider_states

urlpatterns = [
    path("_pact/provider-states", provider_states, name="contracts-provider-states"),
    path("", include(provider_setting("URLCONF"))),
]
