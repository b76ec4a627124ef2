"""Reverse sync: the services' events written into the legacy tables, so the monolith's pages
and admin stay current once a service owns an entity's writes.

Consumer `legacy-reverse-sync` (`manage.py messaging_consume legacy-reverse-sync`). Every
event carries the whole entity in the clean vocabulary; `writes` translates it through the ACL
and writes it with the change feed suppressed, so nothing echoes back as a legacy event. The
inbox applies each event once, in order per entity. `orders.order.rejected.v1` is not
consumed: a rejected order never existed in the legacy shop. Reservation events are not
either: the stock they move arrives as `products.product.stock_changed.v1`.
"""

from collections.abc import Callable, Mapping
from typing import Any

from messaging.consumers import consumer
from messaging.envelope import Event

from .ids import PairedIds
from .links import link_after_commit
from .writes import (
    Applied,
    category_apply_to_legacy,
    customer_apply_to_legacy,
    order_apply_to_legacy,
    product_apply_to_legacy,
)

reverse_sync = consumer("legacy-reverse-sync")


def _apply(write: Callable[..., Applied], keyword: str, event: Event) -> None:
    data: Mapping[str, Any] = event.data
    applied = write(**{keyword: data}, ids=PairedIds())
    link_after_commit(applied.unlinked)


@reverse_sync.handles("users.customer.registered.v1", "users.customer.updated.v1")
def apply_customer(event: Event) -> None:
    _apply(customer_apply_to_legacy, "customer", event)


@reverse_sync.handles("products.category.created.v1", "products.category.updated.v1")
def apply_category(event: Event) -> None:
    _apply(category_apply_to_legacy, "category", event)


@reverse_sync.handles(
    "products.product.created.v1",
    "products.product.updated.v1",
    "products.product.stock_changed.v1",
)
def apply_product(event: Event) -> None:
    _apply(product_apply_to_legacy, "product", event)


@reverse_sync.handles(
    "orders.order.placed.v1",
    "orders.order.cancelled.v1",
    "orders.order.shipped.v1",
    "orders.order.delivered.v1",
)
def apply_order(event: Event) -> None:
    _apply(order_apply_to_legacy, "order", event)
