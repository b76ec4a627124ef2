"""URLs of the products service: health, schema and the API under /api/v1/."""

from django.urls import include, path

from extracted_services.service_defaults.urls import (  # noqa: F401 - Django reads the handlers
    handler400,
    handler403,
    handler404,
    handler500,
    service_urlpatterns,
)

urlpatterns = service_urlpatterns(
    api=[path("", include("extracted_services.products.catalogue.urls"))]
)
