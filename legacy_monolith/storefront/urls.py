"""URL map of the storefront pages, mounted at the site root under the "storefront" namespace."""

from django.urls import path

from .views import account, cart, catalogue, checkout, orders

app_name = "storefront"

urlpatterns = [
    path("", catalogue.home, name="home"),
    path("products/", catalogue.ProductListView.as_view(), name="product_list"),
    path("products/<int:pk>/", catalogue.product_detail, name="product_detail"),
    path("category/<slug:slug>/", catalogue.ProductListView.as_view(), name="category"),
    path("cart/", cart.cart_detail, name="cart"),
    path("cart/add/<int:pk>/", cart.cart_add, name="cart_add"),
    path("cart/update/<int:pk>/", cart.cart_update, name="cart_update"),
    path("cart/remove/<int:pk>/", cart.cart_remove, name="cart_remove"),
    path("cart/clear/", cart.cart_clear, name="cart_clear"),
    path("checkout/", checkout.checkout, name="checkout"),
    path("orders/", orders.OrderListView.as_view(), name="order_list"),
    path("orders/<int:pk>/", orders.order_detail, name="order_detail"),
    path("orders/<int:pk>/cancel/", orders.order_cancel_view, name="order_cancel"),
    path("account/register/", account.register, name="register"),
    path("account/login/", account.LoginView.as_view(), name="login"),
    path("account/logout/", account.LogoutView.as_view(), name="logout"),
    path("account/profile/", account.profile, name="profile"),
    path("account/password/", account.PasswordChangeView.as_view(), name="password_change"),
]
