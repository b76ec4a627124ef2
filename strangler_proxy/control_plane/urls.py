"""URL map of the control plane; everything lives under /_strangler/ (see settings)."""

from django.contrib import admin
from django.urls import include, path

from strangler_proxy.control_plane.features.views import dashboard, health

urlpatterns = [
    path("_strangler/", dashboard, name="dashboard"),
    path("_strangler/health/", health, name="health"),
    path("_strangler/admin/", admin.site.urls),
    path("_strangler/api/v1/", include("strangler_proxy.control_plane.features.api.urls")),
]
