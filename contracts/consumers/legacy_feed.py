"""The monolith's change feed as its consumers read it: payload shapes for their message pacts.

Every consumer of the feed reads a payload through the same ACL functions (`acl.legacy_feed`,
then `acl.users`, `acl.products`, `acl.orders`), which need every column of the rows, so the
three consumers' pacts describe the same shapes, from here. The values are the examples a
consumer test applies; the matchers say what kind of value the provider may send instead.
"""

from typing import Any

from pact import match

from contracts.matchers import legacy_timestamp, yes_no

CUSTOMER_CHANGED = "legacy.customers.customer.changed.v1"
CUSTOMER_DELETED = "legacy.customers.customer.deleted.v1"
CATEGORY_CHANGED = "legacy.catalogue.category.changed.v1"
CATEGORY_DELETED = "legacy.catalogue.category.deleted.v1"
PRODUCT_CHANGED = "legacy.catalogue.product.changed.v1"
PRODUCT_DELETED = "legacy.catalogue.product.deleted.v1"
ORDER_CHANGED = "legacy.orders.order.changed.v1"
ORDER_DELETED = "legacy.orders.order.deleted.v1"

# Provider states of the legacy shop, named with their parameters.
CUSTOMER = "customer {user_id} ({username}) with a profile"
CUSTOMER_NO_PROFILE = "customer {user_id} ({username}) who has just registered, no profile yet"
CUSTOMER_GONE = "customer {user_id} ({username}) was deleted"
CATEGORY = "category {cat_id} ({slug})"
CATEGORY_GONE = "category {cat_id} ({slug}) was deleted"
PRODUCT = "product {prod_id} ({prod_code}) in category {cat_id}"
PRODUCT_GONE = "product {prod_id} ({prod_code}) was deleted"
CHECKOUT = "customer {user_id} checked out {qty} of product {prod_id}"
ORDER_SHIPPED = "customer {user_id} checked out {qty} of product {prod_id}, and it was shipped"
ORDER_GONE = "an order of customer {user_id} for product {prod_id} was deleted"

ADDRESS_BLOB = "1 High Street\nLeeds\nLS1 4AP\nUnited Kingdom"


def user_row(*, user_id: int = 42, username: str = "dora") -> dict[str, Any]:
    return {
        "id": match.int(user_id),
        "username": match.str(username),
        "email": match.str(f"{username}@example.com"),
        "first_name": match.str("Dora"),
        "last_name": match.str("Jones"),
        "password": match.str("md5$salt$5f4dcc3b5aa765d61d8327deb882cf99"),
        "is_active": match.bool(True),
        "date_joined": legacy_timestamp("2025-05-30T08:15:00.120000"),
        "last_login": None,
    }


def profile_row(*, user_id: int = 42) -> dict[str, Any]:
    return {
        "user_id": match.int(user_id),
        "phone_no": match.str("020 7946 0123"),
        "addr": match.str(ADDRESS_BLOB),
        "newsletter_yn": yes_no("N"),
        "modified_dt": legacy_timestamp("2025-05-30T08:15:00.130000"),
    }


def customer_changed(*, user_id: int = 42, with_profile: bool = True) -> dict[str, Any]:
    return {
        "user": user_row(user_id=user_id),
        "profile": profile_row(user_id=user_id) if with_profile else None,
    }


def deleted(example_id: int) -> dict[str, Any]:
    return {"id": match.int(example_id)}


def category_changed(*, cat_id: int = 3, slug: str = "kitchen") -> dict[str, Any]:
    return {
        "id": match.int(cat_id),
        "cat_name": match.str("Kitchen"),
        "slug": match.regex(slug, regex=r"^[-a-zA-Z0-9_]+$"),
        "visible_yn": yes_no("Y"),
        "sort_order": match.int(1),
    }


def product_changed(*, prod_id: int = 70, cat_id: int = 3) -> dict[str, Any]:
    return {
        "id": match.int(prod_id),
        "prod_code": match.str("TEA-1"),
        "prod_name": match.str("Teapot"),
        "descr": match.str("Brews four cups."),
        "price_cents": match.int(2450),
        "qty_on_hand": match.int(5),
        "cat_id": match.int(cat_id),
        "active_yn": yes_no("Y"),
        "created_dt": legacy_timestamp("2025-05-01T10:00:00.000100"),
        "modified_dt": legacy_timestamp("2025-06-01T09:30:00.412001"),
    }


def order_changed(
    *,
    order_id: int = 1001,
    user_id: int = 42,
    prod_id: int = 70,
    status: Any = "N",
    ship_dt: Any = None,
) -> dict[str, Any]:
    return {
        "order": {
            "id": match.int(order_id),
            "cust_id": match.int(user_id),
            "status": status,
            "ship_addr": match.str(ADDRESS_BLOB),
            "total_cents": match.int(4900),
            "order_dt": legacy_timestamp("2025-06-01T09:30:00.412001"),
            "ship_dt": ship_dt,
            "modified_dt": legacy_timestamp("2025-06-01T09:30:00.431877"),
        },
        "lines": match.each_like(
            {
                "id": match.int(900),
                "order_id": match.int(order_id),
                "prod_id": match.int(prod_id),
                "qty": match.int(2),
                "unit_price_cents": match.int(2450),
            }
        ),
    }
