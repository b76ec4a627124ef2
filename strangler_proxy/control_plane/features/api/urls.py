"""API routes under /_strangler/api/v1/."""

from django.urls import path

from . import views

urlpatterns = [
    path("features/", views.FeatureListApi.as_view(), name="feature-list"),
    path("features/<slug:name>/", views.FeatureDetailApi.as_view(), name="feature-detail"),
    path("features/<slug:name>/stage/", views.FeatureStageApi.as_view(), name="feature-stage"),
    path(
        "features/<slug:name>/rollback/",
        views.FeatureRollbackApi.as_view(),
        name="feature-rollback",
    ),
    path("features/<slug:name>/diffs/", views.FeatureDiffsApi.as_view(), name="feature-diffs"),
    path("features/<slug:name>/audit/", views.FeatureAuditApi.as_view(), name="feature-audit"),
    path("routing-table/", views.RoutingTableApi.as_view(), name="routing-table"),
    path("reports/", views.ReportApi.as_view(), name="reports"),
    path("override-tokens/", views.OverrideTokenApi.as_view(), name="override-tokens"),
]
