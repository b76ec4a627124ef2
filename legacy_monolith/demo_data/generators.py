"""Builders of unsaved shop rows. Each draws only from the random sources it is given.

Everything here is a pure function of its random source and arguments, so the same seed gives
the same rows however the work is split into batches.
"""

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from faker import Faker

from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.flags import YesNo
from legacy_monolith.orders.models import Order, OrderLine, OrderStatus

from .addresses import make_address
from .vocabulary import PENCE_ENDINGS, VARIANTS, CategorySpec

T = TypeVar("T")

HISTORY_DAYS = 730  # orders span the two years before the anchor time
MEMBERSHIP_DAYS = 3 * 365
DISCONTINUED_EVERY = 25  # one product in 25 is off sale
LINE_COUNT_WEIGHTS = {1: 40, 2: 30, 3: 15, 4: 10, 5: 5}
QUANTITY_WEIGHTS = {1: 70, 2: 18, 3: 6, 4: 4, 6: 2}
EMAIL_DOMAINS = (
    "gmail.com",
    "hotmail.co.uk",
    "yahoo.co.uk",
    "outlook.com",
    "btinternet.com",
    "icloud.com",
    "sky.com",
)


@dataclass(frozen=True)
class CustomerOnFile:
    """What checkout knew about the customer: id, join time and address blob."""

    id: int
    joined: datetime
    addr: str


@dataclass(frozen=True)
class OrderDraft:
    """An order and its lines before they have ids."""

    order: Order
    lines: list[OrderLine]


def make_category(spec: CategorySpec, position: int) -> Category:
    return Category(
        cat_name=spec.name, slug=spec.slug, visible_yn=YesNo.YES, sort_order=position * 10
    )


def make_customer(
    *, number: int, rng: random.Random, fake: Faker, anchor: datetime, password_hash: str
) -> tuple[AbstractUser, Profile]:
    """A customer login and its profile. `number` keeps usernames unique."""
    first, last = fake.first_name(), fake.last_name()
    handle = f"{_ascii(first)}.{_ascii(last)}{number}"
    joined = _before(rng, anchor, days=MEMBERSHIP_DAYS)
    user = get_user_model()(
        username=handle,
        email=f"{handle}@{rng.choice(EMAIL_DOMAINS)}",
        first_name=first,
        last_name=last,
        password=password_hash,
        date_joined=joined,
        last_login=None if rng.random() < 0.2 else _between(rng, joined, anchor),
    )
    profile = Profile(
        user=user,
        phone_no="" if rng.random() < 0.05 else fake.phone_number(),
        # Some customers registered and never gave an address: legacy data has such gaps.
        addr="" if rng.random() < 0.03 else make_address(rng, fake),
        newsletter_yn=YesNo.YES if rng.random() < 0.3 else YesNo.NO,
        modified_dt=_between(rng, joined, anchor),
    )
    return user, profile


def make_product(
    *, number: int, spec: CategorySpec, category: Category, rng: random.Random, anchor: datetime
) -> Product:
    noun = rng.choice(spec.nouns)
    adjective = rng.choice(spec.adjectives)
    low, high = spec.pounds
    # Most of a range sells cheap, a few items sit at the top of it.
    pounds = low + int((high - low) * rng.random() ** 2)
    created = _before(rng, anchor, days=MEMBERSHIP_DAYS)
    return Product(
        prod_code=f"{spec.code}-{number:06d}",
        prod_name=f"{adjective} {noun}{rng.choice(VARIANTS)}",
        descr=f"{adjective} {noun.lower()}. {' '.join(rng.sample(spec.details, k=2))}",
        price_cents=max(99, pounds * 100 + rng.choice(PENCE_ENDINGS)),
        qty_on_hand=0 if rng.random() < 0.08 else min(500, 1 + int(rng.expovariate(1 / 40))),
        cat=category,
        active_yn=YesNo.NO if number % DISCONTINUED_EVERY == 0 else YesNo.YES,
        created_dt=created,
        modified_dt=_between(rng, created, anchor),
    )


def make_order(
    *,
    rng: random.Random,
    fake: Faker,
    anchor: datetime,
    customer: CustomerOnFile,
    products: Sequence[tuple[int, int]],
) -> OrderDraft:
    """An order placed in the two years before `anchor`, never before the customer joined.

    `products` holds (id, current price in cents) pairs; popular ones come first.
    """
    span = min(HISTORY_DAYS * 86400, int((anchor - customer.joined).total_seconds()))
    # Squaring the draw puts more orders in recent months: the shop has been growing.
    ordered = anchor - timedelta(seconds=int(span * rng.random() ** 2) + 60)
    status, shipped, modified = _fulfilment(rng, ordered, anchor)
    if not customer.addr or rng.random() < 0.08:
        # A gift, or a customer with no address on file: typed in at checkout.
        ship_addr = f"{fake.name()}\n{make_address(rng, fake)}"
    else:
        ship_addr = customer.addr
    lines = _lines(rng, products, age=anchor - ordered)
    order = Order(
        cust_id=customer.id,
        status=status,
        ship_addr=ship_addr,
        total_cents=sum(line.line_total_cents for line in lines),
        order_dt=ordered,
        ship_dt=shipped,
        modified_dt=modified,
    )
    return OrderDraft(order=order, lines=lines)


def _fulfilment(
    rng: random.Random, ordered: datetime, anchor: datetime
) -> tuple[str, datetime | None, datetime]:
    """Status, ship time and last-modified time, as they would stand at `anchor`."""
    shipped = ordered + timedelta(minutes=rng.randint(3 * 60, 96 * 60))
    if shipped >= anchor:
        status = _weighted(
            rng, {OrderStatus.NEW: 85, OrderStatus.HELD: 10, OrderStatus.CANCELLED: 5}
        )
    elif anchor - ordered < timedelta(days=14):
        status = _weighted(
            rng,
            {
                OrderStatus.SHIPPED: 55,
                OrderStatus.DELIVERED: 30,
                OrderStatus.HELD: 5,
                OrderStatus.NEW: 5,
                OrderStatus.CANCELLED: 5,
            },
        )
    else:
        # Old orders are mostly delivered; a few were never closed off, as in any legacy shop.
        status = _weighted(
            rng,
            {
                OrderStatus.DELIVERED: 88,
                OrderStatus.CANCELLED: 8,
                OrderStatus.SHIPPED: 2,
                OrderStatus.HELD: 1,
                OrderStatus.NEW: 1,
            },
        )
    if status == OrderStatus.DELIVERED:
        delivered = min(anchor, shipped + timedelta(hours=rng.randint(12, 120)))
        return status, shipped, delivered
    if status == OrderStatus.SHIPPED:
        return status, shipped, shipped
    if status == OrderStatus.CANCELLED:
        return status, None, min(anchor, ordered + timedelta(minutes=rng.randint(5, 48 * 60)))
    return status, None, ordered


def _lines(
    rng: random.Random, products: Sequence[tuple[int, int]], *, age: timedelta
) -> list[OrderLine]:
    count = min(_weighted(rng, LINE_COUNT_WEIGHTS), len(products))
    chosen: list[int] = []
    while len(chosen) < count:
        index = int(len(products) * rng.random() ** 1.5)
        if index not in chosen:
            chosen.append(index)
    lines = []
    for index in chosen:
        product_id, price = products[index]
        if age > timedelta(days=180) and rng.random() < 0.3:
            price = max(1, round(price * rng.uniform(0.85, 1.05)))  # the price has moved since
        lines.append(
            OrderLine(
                prod_id=product_id, qty=_weighted(rng, QUANTITY_WEIGHTS), unit_price_cents=price
            )
        )
    return lines


def _weighted(rng: random.Random, weights: Mapping[T, int]) -> T:
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def _before(rng: random.Random, anchor: datetime, *, days: int) -> datetime:
    return anchor - timedelta(seconds=rng.randint(3600, days * 86400))


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + timedelta(seconds=rng.randint(0, max(0, int((end - start).total_seconds()))))


def _ascii(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower()) or "customer"
