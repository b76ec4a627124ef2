"""The orders port served by the orders service, as the shop's own objects and refusals."""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from acl.address import normalise_uk_postcode, parse_blob
from acl.clients.errors import (
    Conflict,
    InsufficientStock,
    NotFound,
    ServiceUnavailable,
    ValidationFailed,
)
from acl.clients.orders import OrdersClient
from acl.clients.products import ProductsClient
from legacy_monolith.orders.models import Order
from legacy_monolith.orders.services import CheckoutError, OrderNotCancellable, StockShortage
from legacy_monolith.orders.services import InsufficientStock as LegacyInsufficientStock

from ..orders import InvalidShippingAddress, OrderingUnavailable
from .copies import order_copy
from .paging import RemoteList

ADDRESS_HELP = (
    "We could not read this delivery address. Put the house and street, the town and the "
    "postcode (such as SW1A 1AA) each on its own line, optionally followed by United Kingdom."
)


class ServiceOrders:
    """Orders through the orders service, signed as the customer, so the service shows them
    only their own. Products are named to the service by UUID, looked up by legacy id.

    A placed order gets its shop order number from reverse sync; `order_place` waits up to
    `wait_s` for it, then returns the order with `pk` None (it shows in the history shortly).
    """

    def __init__(
        self,
        *,
        orders: OrdersClient,
        products: ProductsClient,
        page_size: int = 20,
        wait_s: float = 2.0,
        poll_s: float = 0.2,
    ):
        self.client = orders
        self.products = products
        self.page_size = page_size
        self.wait_s = wait_s
        self.poll_s = poll_s

    def order_place(
        self, *, customer: AbstractBaseUser, quantities: Mapping[int, int], ship_addr: str
    ) -> Order:
        wanted = {int(pid): int(qty) for pid, qty in quantities.items() if int(qty) > 0}
        if not wanted:
            raise CheckoutError("Your cart is empty")
        if not ship_addr.strip():
            raise CheckoutError("A delivery address is required")
        address = shipping_address(ship_addr.strip())
        products = self._products_on_sale(wanted)
        lines = [
            {"product_id": products[pid]["id"], "quantity": qty}
            for pid, qty in sorted(wanted.items())
        ]
        try:
            placed = self.client.place(
                user_id=customer.pk,
                lines=lines,
                shipping_address=address,
                idempotency_key=f"checkout-{uuid.uuid4()}",
            )
        except InsufficientStock as exc:
            raise self._shortages(exc, wanted, products) from exc
        except ValidationFailed as exc:
            raise CheckoutError(_first_problem(exc)) from exc
        except Conflict as exc:
            # customer-not-known: the account has not reached the orders service yet.
            raise CheckoutError(f"We could not place your order yet: {exc.detail}") from exc
        except ServiceUnavailable as exc:
            raise OrderingUnavailable(
                "We could not reach our order system. Please check your orders in a few "
                "minutes before trying again."
            ) from exc
        return self._with_legacy_id(placed, customer)

    def _products_on_sale(self, wanted: Mapping[int, int]) -> dict[int, dict[str, Any]]:
        found = {
            pid: self.products.product_by_legacy_id(legacy_id=pid, active=True)
            for pid in sorted(wanted)
        }
        missing = [pid for pid, product in found.items() if product is None]
        if missing:
            raise CheckoutError(f"No longer on sale: product {', '.join(map(str, missing))}")
        return {pid: product for pid, product in found.items() if product is not None}

    def _shortages(
        self,
        exc: InsufficientStock,
        wanted: Mapping[int, int],
        products: Mapping[int, dict[str, Any]],
    ) -> CheckoutError:
        """The shop's own InsufficientStock, from the stock the products service has now."""
        shortages = []
        for pid, qty in sorted(wanted.items()):
            available = self.products.stock(product_id=products[pid]["id"])["stock"]
            if available < qty:
                shortages.append(StockShortage(pid, products[pid]["name"], qty, available))
        if shortages:
            return LegacyInsufficientStock(shortages)
        return CheckoutError(f"Your order could not be placed: {exc.detail}")

    def _with_legacy_id(self, placed: dict[str, Any], customer: AbstractBaseUser) -> Order:
        deadline = time.monotonic() + self.wait_s
        while placed.get("legacy_id") is None and time.monotonic() < deadline:
            time.sleep(self.poll_s)
            placed = self.client.order(order_id=placed["id"], user_id=customer.pk)
        copy = order_copy(placed)
        if copy is None:
            copy = Order(status="N")  # placed, but not yet in the shop's tables: no number
        return copy

    def orders_for_customer(self, *, customer: AbstractBaseUser) -> RemoteList[Order]:
        def fetch(page: int, page_size: int) -> tuple[int, list[Order]]:
            found = self.client.orders(user_id=customer.pk, page=page, page_size=page_size)
            copies = (order_copy(order) for order in found.results)
            return found.count, [order for order in copies if order is not None]

        return RemoteList(fetch, first_page_size=self.page_size)

    def order_get(self, *, customer: AbstractBaseUser, order_id: int) -> Order:
        return self._own(customer, order_id)[1]

    def order_cancel(self, *, customer: AbstractBaseUser, order_id: int) -> Order:
        clean, shown = self._own(customer, order_id)
        try:
            cancelled = self.client.cancel(order_id=clean["id"], user_id=customer.pk)
        except Conflict as exc:
            raise OrderNotCancellable(shown) from exc
        except NotFound:
            raise Order.DoesNotExist(f"No order {order_id} for this customer") from None
        return order_copy(cancelled) or shown

    def _own(self, customer: AbstractBaseUser, order_id: int) -> tuple[dict[str, Any], Order]:
        clean = self.client.order_by_legacy_id(legacy_id=order_id, user_id=customer.pk)
        shown = order_copy(clean) if clean is not None else None
        if clean is None or shown is None:
            raise Order.DoesNotExist(f"No order {order_id} for this customer")
        return clean, shown


def shipping_address(blob: str) -> dict[str, Any]:
    """The structured address for a checkout's address text; a postcode typed loosely
    ("sw1a1aa") is put in standard form first. InvalidShippingAddress if it does not parse."""
    address = parse_blob(blob)
    if address is not None and "unparsed" in address:
        address = parse_blob(_with_standard_postcode(blob))
    if address is None or "unparsed" in address:
        raise InvalidShippingAddress(ADDRESS_HELP)
    return dict(address)


def _with_standard_postcode(blob: str) -> str:
    parts = blob.split("\n")
    for index in (len(parts) - 1, len(parts) - 2):
        if index >= 0 and (standard := normalise_uk_postcode(parts[index])):
            parts[index] = standard
            break
    return "\n".join(parts)


def _first_problem(exc: ValidationFailed) -> str:
    for path, messages in exc.errors.items():
        if path.startswith("shipping_address"):
            return ADDRESS_HELP
        if messages:
            return f"Your order could not be placed: {messages[0]}"
    return f"Your order could not be placed: {exc.detail}"
