"""URL map of the legacy shop: storefront pages, the legacy JSON API, the admin, metrics."""

from django.contrib import admin
from django.urls import include, path

from messaging.views import metrics

urlpatterns = [
    # Outbox backlog, lag, publish rate and failures for Prometheus, on the shop's own port (the
    # proxy answers /metrics itself, so this is not reachable through it).
    path("metrics", metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/", include("legacy_monolith.api.urls")),
    path("", include("legacy_monolith.storefront.urls")),
]
