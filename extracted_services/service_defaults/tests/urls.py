"""Test URLconf: the shared service URLs plus the views in tests/views.py."""

from django.urls import path

from extracted_services.service_defaults.tests import views
from extracted_services.service_defaults.urls import (  # noqa: F401 - Django reads the handlers
    handler400,
    handler403,
    handler404,
    handler500,
    service_urlpatterns,
)

urlpatterns = service_urlpatterns(
    api=[
        path("whoami", views.WhoAmI.as_view()),
        path("staff-only", views.StaffOnly.as_view()),
        path("things/<int:owner>", views.OwnedThing.as_view()),
        path("widgets", views.Widgets.as_view()),
        path("numbers", views.Numbers.as_view()),
        path("boom", views.Boom.as_view()),
    ]
)
