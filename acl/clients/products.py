"""Client of the products service (`/api/v1/categories/`, `/api/v1/products/`, stock).

Categories and products come back as clean dicts (acl/README.md): UUID `id` with `legacy_id`,
`price` as `{"amount", "currency"}`, `active`/`visible` booleans, UTC times. The monolith calls
as a service, so it also sees what is hidden or off sale unless it filters (`active=True`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import MAX_PAGE_SIZE, Page, ServiceClient


class ProductsClient(ServiceClient):
    service = "products"

    def categories(self, *, visible: bool | None = None) -> list[dict[str, Any]]:
        """Every category (there are few), in the shop's order: sort order, then name."""
        return list(self._all("/api/v1/categories/", params={"visible": visible}))

    def category(self, *, category_id: str) -> dict[str, Any]:
        return self._call("GET", f"/api/v1/categories/{category_id}/", idempotent=True)

    def products(
        self,
        *,
        q: str | None = None,
        category: str | None = None,
        active: bool | None = None,
        sku: str | None = None,
        legacy_id: int | None = None,
        page: int = 1,
        page_size: int = MAX_PAGE_SIZE,
    ) -> Page:
        """One page of products by name; `q` matches part of the name, SKU or description,
        `category` is a category UUID or slug."""
        params = {
            "q": q or None,
            "category": category,
            "active": active,
            "sku": sku,
            "legacy_id": legacy_id,
        }
        return self._page("/api/v1/products/", params=params, page=page, page_size=page_size)

    def product(self, *, product_id: str) -> dict[str, Any]:
        return self._call("GET", f"/api/v1/products/{product_id}/", idempotent=True)

    def product_by_legacy_id(
        self, *, legacy_id: int, active: bool | None = None
    ) -> dict[str, Any] | None:
        """The product the legacy shop knows as `legacy_id` (None if none, or not `active`)."""
        return self._first("/api/v1/products/", params={"legacy_id": legacy_id, "active": active})

    def stock(self, *, product_id: str) -> dict[str, Any]:
        """`{"product_id", "sku", "stock", "held", "confirmed"}` of one product."""
        return self._call("GET", f"/api/v1/products/{product_id}/stock/", idempotent=True)

    def create_category(
        self, *, category: Mapping[str, Any], idempotency_key: str
    ) -> dict[str, Any]:
        return self._call(
            "POST",
            "/api/v1/categories/",
            body=dict(category),
            idempotency_key=idempotency_key,
            idempotent=True,
        )

    def create_product(self, *, product: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
        return self._call(
            "POST",
            "/api/v1/products/",
            body=dict(product),
            idempotency_key=idempotency_key,
            idempotent=True,
        )

    def update_product(self, *, product_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change a product (a `stock` here sets it); sent once, not retried."""
        return self._call(
            "PATCH", f"/api/v1/products/{product_id}/", body=dict(changes), idempotent=False
        )
