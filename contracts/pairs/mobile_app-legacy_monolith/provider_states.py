"""Provider states of the mobile app's pact, set up in the legacy shop's database.

Each handler takes the state's parameters by name. The database is emptied after every
interaction, so a handler only creates what its state names.
"""

from datetime import datetime
from typing import cast

from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import (
    CategoryFactory,
    OrderFactory,
    OrderLineFactory,
    ProductFactory,
    UserFactory,
)
from legacy_monolith.orders.models import Order, OrderLine, OrderStatus

SHIPPED_STATUSES = {OrderStatus.SHIPPED, OrderStatus.DELIVERED}


def customer_with_password(*, username: str, password: str) -> None:
    UserFactory(username=username, password=password)


def customer_with_token(*, token: str) -> None:
    _customer_with_token(token)


def product_with_stock(*, prod_id: int, qty: int) -> None:
    ProductFactory(pk=prod_id, qty_on_hand=qty)


def product_named(*, prod_id: int, prod_name: str) -> None:
    ProductFactory(pk=prod_id, prod_name=prod_name)


def no_product(*, prod_id: int) -> None:
    Product.objects.filter(pk=prod_id).delete()


def category(*, slug: str) -> None:
    CategoryFactory(slug=slug, cat_name=slug.replace("-", " ").title())


def customer_order(*, token: str, order_id: int, status: str) -> None:
    if status not in OrderStatus.values:
        raise ValueError(f"status must be one of {OrderStatus.values}, not {status!r}")
    order = cast(
        Order,
        OrderFactory(
            pk=order_id,
            cust=_customer_with_token(token),
            status=status,
            ship_dt=datetime(2024, 12, 1, 10, 0, 0) if status in SHIPPED_STATUSES else None,
        ),
    )
    line = cast(OrderLine, OrderLineFactory(order=order, qty=2))
    order.total_cents = line.line_total_cents
    order.save(update_fields=["total_cents"])


def _customer_with_token(token: str) -> User:
    existing = Token.objects.select_related("user").filter(key=token).first()
    if existing is not None:
        return existing.user
    user = cast(User, UserFactory(username="dora", first_name="Dora", last_name="Jones"))
    Token.objects.create(user=user, key=token)
    return user


PROVIDER_STATES = {
    "a customer {username} with password {password}": customer_with_password,
    "a customer with token {token}": customer_with_token,
    "a product with id {prod_id} and stock {qty}": product_with_stock,
    "a product with id {prod_id} named {prod_name}": product_named,
    "no product with id {prod_id}": no_product,
    "a category with slug {slug}": category,
    "the customer with token {token} has order {order_id} in status {status}": customer_order,
}
