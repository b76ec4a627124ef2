"""Client of the orders service (`/api/v1/orders/`): place, list, detail, cancel.

Orders come back as clean dicts (acl/README.md, Order) plus what the service adds: `pending` and
`rejected` statuses, `rejection_reason`, `created_at`, and per line `sku` and `name`. Calls for a
logged-in customer are signed as that customer, so the service shows them only their own orders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .base import MAX_PAGE_SIZE, Page, ServiceClient, acting_as


class OrdersClient(ServiceClient):
    service = "orders"

    def place(
        self,
        *,
        user_id: int,
        lines: Sequence[Mapping[str, Any]],
        shipping_address: Mapping[str, Any],
        idempotency_key: str,
    ) -> dict[str, Any]:
        """Place an order for the customer `user_id` (`lines`: `product_id` UUID, `quantity`).

        Returns the order: `placed`, or `pending` when the products service could not be reached
        (the service finishes it later). Retries reuse the key, so one order is placed at most.
        Raises InsufficientStock (`order-rejected`, with the rejected `order`), ValidationFailed
        (unknown product, bad address) or Conflict (`customer-not-known`).
        """
        body = {
            "lines": [
                {"product_id": str(line["product_id"]), "quantity": int(line["quantity"])}
                for line in lines
            ],
            "shipping_address": dict(shipping_address),
        }
        return self._call(
            "POST",
            "/api/v1/orders/",
            body=body,
            identity=acting_as(user_id),
            idempotency_key=idempotency_key,
            idempotent=True,
        )

    def orders(
        self,
        *,
        user_id: int | None = None,
        status: str | None = None,
        legacy_id: int | None = None,
        page: int = 1,
        page_size: int = MAX_PAGE_SIZE,
    ) -> Page:
        """A page of orders, newest first: the customer's own when `user_id` is given."""
        return self._page(
            "/api/v1/orders/",
            params={"status": status, "legacy_id": legacy_id},
            page=page,
            page_size=page_size,
            identity=acting_as(user_id),
        )

    def order(self, *, order_id: str, user_id: int | None = None) -> dict[str, Any]:
        """One order; for a customer, someone else's order is a NotFound like a missing one."""
        return self._call(
            "GET", f"/api/v1/orders/{order_id}/", identity=acting_as(user_id), idempotent=True
        )

    def order_by_legacy_id(
        self, *, legacy_id: int, user_id: int | None = None
    ) -> dict[str, Any] | None:
        found = self.orders(user_id=user_id, legacy_id=legacy_id, page_size=1)
        return found.results[0] if found.results else None

    def cancel(self, *, order_id: str, user_id: int | None = None) -> dict[str, Any]:
        """Cancel an unshipped order. Cancelling a cancelled order answers it unchanged, so the
        call is retried. Raises Conflict (`order-state-conflict`) once it has shipped."""
        return self._call(
            "POST",
            f"/api/v1/orders/{order_id}/cancel/",
            identity=acting_as(user_id),
            idempotent=True,
        )
