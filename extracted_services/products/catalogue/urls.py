"""Routes of the products API, under /api/v1/."""

from django.urls import path

from extracted_services.products.catalogue import legacy_id_views, stock_views, views

urlpatterns = [
    path("categories/", views.CategoryListView.as_view(), name="category-list"),
    path("categories/<uuid:id>/", views.CategoryDetailView.as_view(), name="category-detail"),
    path(
        "categories/<uuid:id>/legacy-id/",
        legacy_id_views.CategoryLegacyIdView.as_view(),
        name="category-legacy-id",
    ),
    path("products/", views.ProductListView.as_view(), name="product-list"),
    path("products/<uuid:id>/", views.ProductDetailView.as_view(), name="product-detail"),
    path(
        "products/<uuid:id>/legacy-id/",
        legacy_id_views.ProductLegacyIdView.as_view(),
        name="product-legacy-id",
    ),
    path("products/<uuid:id>/stock/", stock_views.ProductStockView.as_view(), name="product-stock"),
    path(
        "products/<uuid:id>/stock/adjustments/",
        stock_views.StockAdjustmentView.as_view(),
        name="product-stock-adjustments",
    ),
    path("reservations/", stock_views.ReservationListView.as_view(), name="reservation-list"),
    path(
        "reservations/<uuid:id>/",
        stock_views.ReservationDetailView.as_view(),
        name="reservation-detail",
    ),
    path(
        "reservations/<uuid:id>/confirm/",
        stock_views.ReservationConfirmView.as_view(),
        name="reservation-confirm",
    ),
    path(
        "reservations/<uuid:id>/release/",
        stock_views.ReservationReleaseView.as_view(),
        name="reservation-release",
    ),
]
