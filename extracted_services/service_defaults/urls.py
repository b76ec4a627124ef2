"""URL patterns every service serves, and the problem+json handlers its ROOT_URLCONF re-exports.

A service's urls.py sets `urlpatterns = service_urlpatterns(api=[...])` and imports
`handler400`, `handler403`, `handler404` and `handler500` from this module.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView

from extracted_services.service_defaults import health
from messaging.views import metrics

handler400 = "extracted_services.service_defaults.problems.bad_request"
handler403 = "extracted_services.service_defaults.problems.permission_denied"
handler404 = "extracted_services.service_defaults.problems.not_found"
handler500 = "extracted_services.service_defaults.problems.server_error"

API_PREFIX = "api/v1/"


def service_urlpatterns(*, api: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """Health checks, metrics, the public schema at /api/v1/schema/, and the API under /api/v1/."""
    return [
        path("health/live", health.LiveView.as_view(), name="health-live"),
        path("metrics", metrics, name="metrics"),
        path("health/ready", health.ReadyView.as_view(), name="health-ready"),
        path(f"{API_PREFIX}schema/", SpectacularAPIView.as_view(), name="schema"),
        path(API_PREFIX, include(api)),
    ]
