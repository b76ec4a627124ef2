"""In-memory stand-ins for the three clients: same methods, same clean dicts, same typed errors.

For tests of code that calls services (the monolith's ports, sync code): seed them with clean
dicts (e.g. translated from legacy rows with `acl.products.product_from_legacy`), then assert on
the answers and on `calls`. Set `unavailable = True` to make every call raise ServiceUnavailable.
They keep the services' rules that callers rely on (customers see only their own orders, hidden
rows need a filter, stock cannot go negative, a reused Idempotency-Key replays), not every
validation.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from .base import MAX_PAGE_SIZE, Page
from .errors import (
    Conflict,
    InsufficientStock,
    NotFound,
    ServiceUnavailable,
    ValidationFailed,
)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _page(items: Sequence[dict[str, Any]], page: int, page_size: int) -> Page:
    if not 1 <= page_size <= MAX_PAGE_SIZE or page < 1:
        raise ValueError(f"page {page} / page_size {page_size} out of range")
    start = (page - 1) * page_size
    chunk = items[start : start + page_size]
    if page > 1 and not chunk:
        raise NotFound("Invalid page.", service="fake", status=404, code="not-found")
    return Page(
        count=len(items),
        results=[copy.deepcopy(item) for item in chunk],
        has_next=start + page_size < len(items),
    )


class _Fake:
    service = "fake"

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.unavailable = False

    def _record(self, name: str, **arguments: Any) -> None:
        self.calls.append((name, arguments))
        if self.unavailable:
            raise ServiceUnavailable(
                f"{name}: connection refused", service=self.service, status=None
            )

    def _not_found(self, what: str) -> NotFound:
        return NotFound(f"there is no {what}", service=self.service, status=404, code="not-found")


class FakeProductsClient(_Fake):
    service = "products"

    def __init__(self) -> None:
        super().__init__()
        self.category_rows: dict[str, dict[str, Any]] = {}
        self.product_rows: dict[str, dict[str, Any]] = {}

    def add_category(self, category: Mapping[str, Any]) -> dict[str, Any]:
        self.category_rows[category["id"]] = dict(category)
        return dict(category)

    def add_product(self, product: Mapping[str, Any]) -> dict[str, Any]:
        self.product_rows[product["id"]] = dict(product)
        return dict(product)

    def categories(self, *, visible: bool | None = None) -> list[dict[str, Any]]:
        self._record("categories", visible=visible)
        rows = [c for c in self.category_rows.values() if visible in (None, c["visible"])]
        return copy.deepcopy(sorted(rows, key=lambda c: (c["sort_order"], c["name"])))

    def category(self, *, category_id: str) -> dict[str, Any]:
        self._record("category", category_id=category_id)
        if category_id not in self.category_rows:
            raise self._not_found(f"category {category_id}")
        return copy.deepcopy(self.category_rows[category_id])

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
        self._record(
            "products", q=q, category=category, active=active, sku=sku, legacy_id=legacy_id
        )
        rows = list(self.product_rows.values())
        if q:
            needle = q.lower()
            rows = [
                p
                for p in rows
                if needle in p["name"].lower()
                or needle in p["sku"].lower()
                or needle in p["description"].lower()
            ]
        if category:
            slugs = {c["id"]: c["slug"] for c in self.category_rows.values()}
            rows = [p for p in rows if category in (p["category_id"], slugs.get(p["category_id"]))]
        if active is not None:
            rows = [p for p in rows if p["active"] is active]
        if sku:
            rows = [p for p in rows if p["sku"] == sku]
        if legacy_id is not None:
            rows = [p for p in rows if p["legacy_id"] == legacy_id]
        rows.sort(key=lambda p: (p["name"], p["id"]))
        return _page(rows, page, page_size)

    def product(self, *, product_id: str) -> dict[str, Any]:
        self._record("product", product_id=product_id)
        if product_id not in self.product_rows:
            raise self._not_found(f"product {product_id}")
        return copy.deepcopy(self.product_rows[product_id])

    def product_by_legacy_id(
        self, *, legacy_id: int, active: bool | None = None
    ) -> dict[str, Any] | None:
        found = self.products(legacy_id=legacy_id, active=active, page_size=1)
        return found.results[0] if found.results else None

    def stock(self, *, product_id: str) -> dict[str, Any]:
        product = self.product(product_id=product_id)
        return {
            "product_id": product["id"],
            "sku": product["sku"],
            "stock": product["stock"],
            "held": 0,
            "confirmed": 0,
        }


class FakeUsersClient(_Fake):
    service = "users"

    EDITABLE = frozenset({"email", "first_name", "last_name", "phone", "address", "newsletter"})
    # Accepted, never stored: the fake keeps no password hashes.
    SECRETS = frozenset({"password", "current_password"})

    def __init__(self) -> None:
        super().__init__()
        self.customer_rows: dict[str, dict[str, Any]] = {}
        self.keys: dict[str, str] = {}
        # Plays reverse sync for created customers: returns the legacy id it gave, or None.
        self.reverse_sync: Callable[[dict[str, Any]], int | None] | None = None

    def add_customer(self, customer: Mapping[str, Any]) -> dict[str, Any]:
        self.customer_rows[customer["id"]] = dict(customer)
        return dict(customer)

    def _by_legacy_id(self, legacy_id: int) -> dict[str, Any] | None:
        return next((c for c in self.customer_rows.values() if c["legacy_id"] == legacy_id), None)

    def me(self, *, user_id: int) -> dict[str, Any]:
        self._record("me", user_id=user_id)
        customer = self._by_legacy_id(user_id)
        if customer is None:
            raise self._not_found(f"customer account for user {user_id}")
        return copy.deepcopy(customer)

    def update_me(self, *, user_id: int, changes: Mapping[str, Any]) -> dict[str, Any]:
        self._record("update_me", user_id=user_id, changes=dict(changes))
        customer = self._by_legacy_id(user_id)
        if customer is None:
            raise self._not_found(f"customer account for user {user_id}")
        unknown = sorted(set(changes) - self.EDITABLE - self.SECRETS)
        if unknown:
            raise ValidationFailed(
                "invalid request",
                service=self.service,
                status=400,
                code="validation-error",
                body={"errors": {name: ["customers may not set this field"] for name in unknown}},
            )
        if "password" in changes and not changes.get("current_password"):
            raise ValidationFailed(
                "send current_password to change the password",
                service=self.service,
                status=400,
                code="validation-error",
                body={"errors": {"current_password": ["does not match the current password"]}},
            )
        kept = {name: value for name, value in changes.items() if name not in self.SECRETS}
        customer.update(copy.deepcopy(kept), updated_at=_now())
        return copy.deepcopy(customer)

    def create_customer(
        self, *, customer: Mapping[str, Any], idempotency_key: str
    ) -> dict[str, Any]:
        self._record("create_customer", customer=dict(customer))
        if idempotency_key in self.keys:
            return copy.deepcopy(self.customer_rows[self.keys[idempotency_key]])
        taken = {
            name: [f"a customer with this {name} already exists"]
            for name in ("username", "legacy_id")
            if customer.get(name) is not None
            and any(
                str(c[name]).lower() == str(customer[name]).lower()
                for c in self.customer_rows.values()
            )
        }
        if taken:
            raise Conflict(
                "the customer conflicts with another",
                service=self.service,
                status=409,
                code="customer-conflict",
                body={"errors": taken},
            )
        now = _now()
        created = {
            "id": str(uuid.uuid4()),
            "legacy_id": None,
            "username": customer["username"],
            "email": customer.get("email", ""),
            "first_name": customer.get("first_name", ""),
            "last_name": customer.get("last_name", ""),
            "phone": customer.get("phone", ""),
            "address": copy.deepcopy(customer.get("address")),
            "newsletter": bool(customer.get("newsletter", False)),
            "active": True,
            "joined_at": now,
            "last_login_at": None,
            "updated_at": now,
        }
        self.customer_rows[created["id"]] = created
        self.keys[idempotency_key] = created["id"]
        if self.reverse_sync is not None:
            created["legacy_id"] = self.reverse_sync(
                {**created, "password": customer.get("password")}
            )
        return copy.deepcopy(created)

    def customer(self, *, customer_id: str) -> dict[str, Any]:
        self._record("customer", customer_id=customer_id)
        if customer_id not in self.customer_rows:
            raise self._not_found(f"customer {customer_id}")
        return copy.deepcopy(self.customer_rows[customer_id])

    def customer_by_legacy_id(self, *, legacy_id: int) -> dict[str, Any] | None:
        self._record("customer_by_legacy_id", legacy_id=legacy_id)
        customer = self._by_legacy_id(legacy_id)
        return copy.deepcopy(customer) if customer else None


class FakeOrdersClient(_Fake):
    """Places orders against a FakeProductsClient's products and stock.

    `assign_legacy_ids` plays reverse sync: a placed order gets the next legacy id at once (set
    it to False to see orders that have none yet).
    """

    service = "orders"

    def __init__(self, products: FakeProductsClient, *, first_legacy_id: int = 1000):
        super().__init__()
        self.products_client = products
        self.order_rows: dict[str, dict[str, Any]] = {}
        self.owners: dict[str, int] = {}
        self.keys: dict[tuple[int, str], str] = {}
        self.assign_legacy_ids = True
        self.next_legacy_id = first_legacy_id

    def add_order(self, order: Mapping[str, Any], *, user_id: int) -> dict[str, Any]:
        self.order_rows[order["id"]] = dict(order)
        self.owners[order["id"]] = user_id
        return dict(order)

    def place(
        self,
        *,
        user_id: int,
        lines: Sequence[Mapping[str, Any]],
        shipping_address: Mapping[str, Any],
        idempotency_key: str,
    ) -> dict[str, Any]:
        self._record("place", user_id=user_id, lines=[dict(line) for line in lines])
        if (user_id, idempotency_key) in self.keys:
            return copy.deepcopy(self.order_rows[self.keys[(user_id, idempotency_key)]])
        if "unparsed" in shipping_address:
            raise ValidationFailed(
                "invalid value for shipping_address: see `errors`",
                service=self.service,
                status=400,
                code="validation-error",
                body={"errors": {"shipping_address": {"lines": ["this field is required"]}}},
            )
        stock = self.products_client.product_rows
        missing = [str(line["product_id"]) for line in lines if line["product_id"] not in stock]
        if missing:
            raise ValidationFailed(
                "invalid value for lines: see `errors`",
                service=self.service,
                status=400,
                code="validation-error",
                body={"errors": {"lines": [f"no product {pid} is known" for pid in missing]}},
            )
        order = self._new_order(user_id, lines, shipping_address)
        short = [
            line for line in lines if stock[line["product_id"]]["stock"] < int(line["quantity"])
        ]
        if short:
            order["status"] = "rejected"
            order["rejection_reason"] = "not enough stock"
            self.order_rows[order["id"]] = order
            raise InsufficientStock(
                "not enough stock",
                service=self.service,
                status=409,
                code="order-rejected",
                body={"order": copy.deepcopy(order)},
            )
        for line in lines:
            stock[line["product_id"]]["stock"] -= int(line["quantity"])
        order["status"] = "placed"
        order["placed_at"] = order["created_at"]
        if self.assign_legacy_ids:
            order["legacy_id"] = self.next_legacy_id
            self.next_legacy_id += 1
        self.order_rows[order["id"]] = order
        self.owners[order["id"]] = user_id
        self.keys[(user_id, idempotency_key)] = order["id"]
        return copy.deepcopy(order)

    def _new_order(
        self, user_id: int, lines: Sequence[Mapping[str, Any]], address: Mapping[str, Any]
    ) -> dict[str, Any]:
        now = _now()
        order_lines = []
        for line in lines:
            product = self.products_client.product_rows[line["product_id"]]
            quantity = int(line["quantity"])
            unit = Decimal(product["price"]["amount"])
            order_lines.append(
                {
                    "id": str(uuid.uuid4()),
                    "legacy_id": None,
                    "product_id": product["id"],
                    "product_legacy_id": product["legacy_id"],
                    "sku": product["sku"],
                    "name": product["name"],
                    "quantity": quantity,
                    "unit_price": dict(product["price"]),
                    "total": {"amount": f"{unit * quantity:.2f}", "currency": "GBP"},
                }
            )
        total = sum((Decimal(line["total"]["amount"]) for line in order_lines), Decimal("0"))
        return {
            "id": str(uuid.uuid4()),
            "legacy_id": None,
            "customer_id": str(uuid.uuid4()),
            "customer_legacy_id": user_id,
            "status": "pending",
            "rejection_reason": "",
            "total": {"amount": f"{total:.2f}", "currency": "GBP"},
            "shipping_address": dict(address),
            "lines": order_lines,
            "created_at": now,
            "placed_at": None,
            "shipped_at": None,
            "delivered_at": None,
            "cancelled_at": None,
            "updated_at": now,
        }

    def _visible(self, user_id: int | None) -> list[dict[str, Any]]:
        rows = [
            order
            for order_id, order in self.order_rows.items()
            if user_id is None or self.owners.get(order_id) == user_id
        ]
        return sorted(rows, key=lambda o: (o["created_at"], o["id"]), reverse=True)

    def orders(
        self,
        *,
        user_id: int | None = None,
        status: str | None = None,
        legacy_id: int | None = None,
        page: int = 1,
        page_size: int = MAX_PAGE_SIZE,
    ) -> Page:
        self._record("orders", user_id=user_id, status=status, legacy_id=legacy_id)
        rows = [
            o
            for o in self._visible(user_id)
            if status in (None, o["status"]) and legacy_id in (None, o["legacy_id"])
        ]
        return _page(rows, page, page_size)

    def order(self, *, order_id: str, user_id: int | None = None) -> dict[str, Any]:
        self._record("order", order_id=order_id, user_id=user_id)
        found = [o for o in self._visible(user_id) if o["id"] == order_id]
        if not found:
            raise self._not_found(f"order {order_id}")
        return copy.deepcopy(found[0])

    def order_by_legacy_id(
        self, *, legacy_id: int, user_id: int | None = None
    ) -> dict[str, Any] | None:
        found = self.orders(user_id=user_id, legacy_id=legacy_id, page_size=1)
        return found.results[0] if found.results else None

    def cancel(self, *, order_id: str, user_id: int | None = None) -> dict[str, Any]:
        self._record("cancel", order_id=order_id, user_id=user_id)
        self.order(order_id=order_id, user_id=user_id)
        order = self.order_rows[order_id]
        if order["status"] == "cancelled":
            return copy.deepcopy(order)
        if order["status"] not in ("placed", "on_hold"):
            raise Conflict(
                f"order {order_id} is {order['status']} and cannot be cancelled",
                service=self.service,
                status=409,
                code="order-state-conflict",
            )
        for line in order["lines"]:
            product = self.products_client.product_rows.get(line["product_id"])
            if product is not None:
                product["stock"] += line["quantity"]
        order.update(status="cancelled", cancelled_at=_now(), updated_at=_now())
        return copy.deepcopy(order)
