"""What the app reads from the legacy API, parsed into typed records (legacy names kept)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

LEGACY_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"

T = TypeVar("T")


def parse_legacy_datetime(value: str | None) -> datetime | None:
    """The API's naive local "YYYY-MM-DD HH:MM:SS" (Europe/London), or None."""
    return datetime.strptime(value, LEGACY_DATETIME_FORMAT) if value is not None else None


def _yes(flag: str) -> bool:
    if flag not in ("Y", "N"):
        raise ValueError(f'expected a "Y"/"N" flag, got {flag!r}')
    return flag == "Y"


@dataclass(frozen=True)
class Page(Generic[T]):
    count: int
    page: int
    pages: int
    results: list[T]

    @classmethod
    def parse(cls, body: dict[str, Any], item: Callable[[dict[str, Any]], T]) -> "Page[T]":
        return cls(
            count=body["count"],
            page=body["page"],
            pages=body["pages"],
            results=[item(row) for row in body["results"]],
        )


@dataclass(frozen=True)
class Category:
    cat_id: int
    cat_name: str
    slug: str
    sort_order: int

    @classmethod
    def parse(cls, body: dict[str, Any]) -> "Category":
        return cls(
            cat_id=body["cat_id"],
            cat_name=body["cat_name"],
            slug=body["slug"],
            sort_order=body["sort_order"],
        )


@dataclass(frozen=True)
class Product:
    prod_id: int
    prod_code: str
    prod_name: str
    descr: str
    price_cents: int
    qty_on_hand: int
    in_stock: bool
    cat_id: int
    cat_name: str
    active: bool
    created_dt: datetime | None
    modified_dt: datetime | None

    @classmethod
    def parse(cls, body: dict[str, Any]) -> "Product":
        return cls(
            prod_id=body["prod_id"],
            prod_code=body["prod_code"],
            prod_name=body["prod_name"],
            descr=body["descr"],
            price_cents=body["price_cents"],
            qty_on_hand=body["qty_on_hand"],
            in_stock=_yes(body["in_stock"]),
            cat_id=body["cat_id"],
            cat_name=body["cat_name"],
            active=_yes(body["active"]),
            created_dt=parse_legacy_datetime(body["created_dt"]),
            modified_dt=parse_legacy_datetime(body["modified_dt"]),
        )


@dataclass(frozen=True)
class Account:
    cust_id: int
    username: str
    first_name: str
    last_name: str
    email: str
    phone_no: str
    addr: str
    newsletter: bool
    modified_dt: datetime | None

    @classmethod
    def parse(cls, body: dict[str, Any]) -> "Account":
        return cls(
            cust_id=body["cust_id"],
            username=body["username"],
            first_name=body["first_name"],
            last_name=body["last_name"],
            email=body["email"],
            phone_no=body["phone_no"],
            addr=body["addr"],
            newsletter=_yes(body["newsletter"]),
            modified_dt=parse_legacy_datetime(body["modified_dt"]),
        )


@dataclass(frozen=True)
class OrderLine:
    prod_id: int
    prod_code: str
    prod_name: str
    qty: int
    unit_price_cents: int
    line_total_cents: int

    @classmethod
    def parse(cls, body: dict[str, Any]) -> "OrderLine":
        return cls(
            prod_id=body["prod_id"],
            prod_code=body["prod_code"],
            prod_name=body["prod_name"],
            qty=body["qty"],
            unit_price_cents=body["unit_price_cents"],
            line_total_cents=body["line_total_cents"],
        )


ORDER_STATUSES = {"N": "new", "H": "on hold", "S": "shipped", "D": "delivered", "C": "cancelled"}


@dataclass(frozen=True)
class Order:
    order_id: int
    cust_id: int
    status: str
    total_cents: int
    ship_addr: str
    order_dt: datetime | None
    ship_dt: datetime | None
    modified_dt: datetime | None
    lines: list[OrderLine]

    @property
    def status_label(self) -> str:
        return ORDER_STATUSES[self.status]

    @property
    def cancellable(self) -> bool:
        return self.status in ("N", "H")

    @classmethod
    def parse(cls, body: dict[str, Any]) -> "Order":
        if body["status"] not in ORDER_STATUSES:
            raise ValueError(f"unknown order status {body['status']!r}")
        return cls(
            order_id=body["order_id"],
            cust_id=body["cust_id"],
            status=body["status"],
            total_cents=body["total_cents"],
            ship_addr=body["ship_addr"],
            order_dt=parse_legacy_datetime(body["order_dt"]),
            ship_dt=parse_legacy_datetime(body["ship_dt"]),
            modified_dt=parse_legacy_datetime(body["modified_dt"]),
            lines=[OrderLine.parse(line) for line in body["lines"]],
        )
