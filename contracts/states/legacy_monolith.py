"""States of the legacy shop that make its change feed record events, for its message pacts.

Each makes the write it names through the shop's own models and services, so the change feed
records the event in the writing transaction, read back from the tables by the payload builders
in `legacy_monolith/events/` exactly as in production; the message endpoint then answers with
the last event of the type the consumer expects.
"""

from typing import cast

from django.contrib.auth.models import User

from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.factories import CategoryFactory, ProductFactory, UserFactory
from legacy_monolith.orders import services as orders
from legacy_monolith.orders.models import Order

ADDRESS_BLOB = "1 High Street\nLeeds\nLS1 4AP\nUnited Kingdom"


def customer(*, user_id: int, username: str) -> None:
    _customer(user_id=user_id, username=username)


def _customer(*, user_id: int, username: str) -> User:
    return cast(
        User,
        UserFactory(
            id=user_id,
            username=username,
            first_name="Dora",
            last_name="Jones",
            profile__phone_no="020 7946 0123",
            profile__addr=ADDRESS_BLOB,
        ),
    )


def customer_without_profile(*, user_id: int, username: str) -> None:
    UserFactory(id=user_id, username=username, first_name="Dora", last_name="Jones", profile=None)


def customer_deleted(*, user_id: int, username: str) -> None:
    _customer(user_id=user_id, username=username).delete()


def category(*, cat_id: int, slug: str) -> None:
    _category(cat_id=cat_id, slug=slug)


def _category(*, cat_id: int, slug: str) -> Category:
    return cast(
        Category, CategoryFactory(id=cat_id, slug=slug, cat_name=slug.title(), sort_order=1)
    )


def category_deleted(*, cat_id: int, slug: str) -> None:
    _category(cat_id=cat_id, slug=slug).delete()


def product(*, prod_id: int, prod_code: str, cat_id: int) -> None:
    _product(prod_id=prod_id, prod_code=prod_code, cat_id=cat_id)


def _product(*, prod_id: int, prod_code: str, cat_id: int) -> Product:
    return cast(
        Product,
        ProductFactory(
            id=prod_id,
            prod_code=prod_code,
            prod_name="Teapot",
            descr="Brews four cups.",
            price_cents=2450,
            qty_on_hand=5,
            cat=Category.objects.filter(pk=cat_id).first()
            or _category(cat_id=cat_id, slug="kitchen"),
        ),
    )


def product_deleted(*, prod_id: int, prod_code: str) -> None:
    _product(prod_id=prod_id, prod_code=prod_code, cat_id=3).delete()


def checkout(*, user_id: int, qty: int, prod_id: int) -> None:
    _checkout(user_id=user_id, qty=qty, prod_id=prod_id)


def _checkout(*, user_id: int, qty: int, prod_id: int) -> Order:
    """A checkout through the shop's own service: the order, its lines and the stock taken."""
    buyer = User.objects.filter(pk=user_id).first() or _customer(user_id=user_id, username="dora")
    if not Product.objects.filter(pk=prod_id).exists():
        _product(prod_id=prod_id, prod_code="TEA-1", cat_id=3)
    return orders.order_place(customer=buyer, quantities={prod_id: qty}, ship_addr=ADDRESS_BLOB)


def checkout_shipped(*, user_id: int, qty: int, prod_id: int) -> None:
    orders.order_mark_shipped(order_id=_checkout(user_id=user_id, qty=qty, prod_id=prod_id).pk)


def order_deleted(*, user_id: int, prod_id: int) -> None:
    _checkout(user_id=user_id, qty=1, prod_id=prod_id).delete()


CUSTOMER_STATES = {
    "customer {user_id} ({username}) with a profile": customer,
    "customer {user_id} ({username}) who has just registered, no profile yet": (
        customer_without_profile
    ),
    "customer {user_id} ({username}) was deleted": customer_deleted,
}
CATALOGUE_STATES = {
    "category {cat_id} ({slug})": category,
    "category {cat_id} ({slug}) was deleted": category_deleted,
    "product {prod_id} ({prod_code}) in category {cat_id}": product,
    "product {prod_id} ({prod_code}) was deleted": product_deleted,
}
ORDER_STATES = {
    "customer {user_id} checked out {qty} of product {prod_id}": checkout,
    "customer {user_id} checked out {qty} of product {prod_id}, and it was shipped": (
        checkout_shipped
    ),
    "an order of customer {user_id} for product {prod_id} was deleted": order_deleted,
}
