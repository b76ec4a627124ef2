"""URL map of the legacy JSON API; anything else under /api/ is a JSON 404."""

from django.urls import path, re_path

from . import account, auth, catalogue, orders
from .errors import unknown_endpoint

app_name = "legacy_api"

urlpatterns = [
    path("auth/token/", auth.TokenApi.as_view(), name="token"),
    path("whoami/", auth.WhoAmIApi.as_view(), name="whoami"),
    path("products/", catalogue.ProductListApi.as_view(), name="product-list"),
    path("products/<int:prod_id>/", catalogue.ProductDetailApi.as_view(), name="product-detail"),
    path("categories/", catalogue.CategoryListApi.as_view(), name="category-list"),
    path("account/", account.AccountApi.as_view(), name="account"),
    path("orders/", orders.OrderListApi.as_view(), name="order-list"),
    path("orders/<int:order_id>/", orders.OrderDetailApi.as_view(), name="order-detail"),
    path("orders/<int:order_id>/cancel/", orders.OrderCancelApi.as_view(), name="order-cancel"),
    re_path(r"^.*$", unknown_endpoint, name="unknown-endpoint"),
]
