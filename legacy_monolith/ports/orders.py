"""The orders port: checkout, the customer's order history, one order, cancelling.

Both implementations return the shop's own `Order` objects (lines reachable as
`order.lines.all()`, each with `line.prod`) and raise the shop's own refusals: `CheckoutError`
and `InsufficientStock` from `order_place`, `OrderNotCancellable` from `order_cancel`, and
`Order.DoesNotExist` for an order that is missing or someone else's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from django.contrib.auth.models import AbstractBaseUser

from legacy_monolith.orders.models import Order
from legacy_monolith.orders.selectors import order_get_for_customer, order_list_for_customer
from legacy_monolith.orders.services import CheckoutError, order_cancel, order_place

from .listing import Listing


class OrderingUnavailable(CheckoutError):
    """The order could not be placed because the orders service did not answer."""


class InvalidShippingAddress(CheckoutError):
    """The owner of orders cannot read the delivery address; the message says how to write it."""


class OrdersPort(Protocol):
    def order_place(
        self, *, customer: AbstractBaseUser, quantities: Mapping[int, int], ship_addr: str
    ) -> Order:
        """Place an order for {product id: quantity}, all or nothing. The returned order has
        `pk` None when it was placed but has no shop order number yet (it shows shortly)."""
        ...

    def orders_for_customer(self, *, customer: AbstractBaseUser) -> Listing[Order]:
        """The customer's orders, newest first."""
        ...

    def order_get(self, *, customer: AbstractBaseUser, order_id: int) -> Order: ...

    def order_cancel(self, *, customer: AbstractBaseUser, order_id: int) -> Order:
        """Cancel the customer's unshipped order and put its stock back."""
        ...


class LegacyOrders:
    """Orders in the shop's own tables, through its selectors and services."""

    def order_place(
        self, *, customer: AbstractBaseUser, quantities: Mapping[int, int], ship_addr: str
    ) -> Order:
        return order_place(customer=customer, quantities=quantities, ship_addr=ship_addr)

    def orders_for_customer(self, *, customer: AbstractBaseUser) -> Listing[Order]:
        return order_list_for_customer(customer=customer)

    def order_get(self, *, customer: AbstractBaseUser, order_id: int) -> Order:
        return order_get_for_customer(customer=customer, order_id=order_id)

    def order_cancel(self, *, customer: AbstractBaseUser, order_id: int) -> Order:
        order_get_for_customer(customer=customer, order_id=order_id)  # anyone else's: DoesNotExist
        return order_cancel(order_id=order_id)
