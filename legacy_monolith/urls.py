"""URL map of the legacy shop: storefront pages, the legacy JSON API and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("legacy_monolith.api.urls")),
    path("", include("legacy_monolith.storefront.urls")),
]
