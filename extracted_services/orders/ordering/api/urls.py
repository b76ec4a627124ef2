"""Routes of the orders API, mounted under /api/v1/."""

from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("orders/", views.OrderListCreateView.as_view(), name="order-list"),
    path("orders/<uuid:order_id>/", views.OrderDetailView.as_view(), name="order-detail"),
    path("orders/<uuid:order_id>/cancel/", views.OrderCancelView.as_view(), name="order-cancel"),
    path("orders/<uuid:order_id>/ship/", views.OrderShipView.as_view(), name="order-ship"),
    path("orders/<uuid:order_id>/deliver/", views.OrderDeliverView.as_view(), name="order-deliver"),
    path(
        "orders/<uuid:order_id>/legacy-id/",
        views.OrderLegacyIdView.as_view(),
        name="order-legacy-id",
    ),
]
