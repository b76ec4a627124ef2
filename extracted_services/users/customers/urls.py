"""Routes of the customers API, under /api/v1/."""

from django.urls import path

from extracted_services.users.customers import legacy_id_views, views

urlpatterns = [
    path("customers/", views.CustomerListView.as_view(), name="customer-list"),
    path("customers/<uuid:id>/", views.CustomerDetailView.as_view(), name="customer-detail"),
    path(
        "customers/<uuid:id>/legacy-id/",
        legacy_id_views.CustomerLegacyIdView.as_view(),
        name="customer-legacy-id",
    ),
    path("me/", views.MeView.as_view(), name="me"),
    path("credentials/check/", views.CredentialCheckView.as_view(), name="credentials-check"),
]
