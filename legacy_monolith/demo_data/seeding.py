"""Filling the shop with demo data in batches: customers, the catalogue, then order history.

Orders are generated one batch at a time and written with bulk_create, so memory stays flat
however many are asked for. Seeding records no change events (see docs/events.md): the
backfill, not the change feed, carries seeded data to the services. Each kind of row draws from its own random stream seeded from
the run's seed, so the same seed gives the same shop whatever the batch size.
"""

import random
import string
import sys
import time
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries, transaction
from faker import Faker
from tqdm import tqdm

from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.orders.models import Order, OrderLine
from messaging.changes import suppressed

from .generators import (
    CustomerOnFile,
    make_category,
    make_customer,
    make_order,
    make_product,
)
from .timestamps import explicit_timestamps
from .vocabulary import CATEGORIES

# Every seeded customer signs in with this password (documented in legacy_monolith/README.md).
DEMO_CUSTOMER_PASSWORD = "demo-customer-pass"
FAKER_LOCALE = "en_GB"


class SeedError(Exception):
    """Seeding cannot start; the message says what to change."""


class ShopNotEmpty(SeedError):
    def __init__(self, contents: dict[str, int]):
        self.contents = contents
        held = ", ".join(f"{count:,} {name}" for name, count in contents.items() if count)
        super().__init__(
            f"The shop already has data ({held}). Seed into an empty database, "
            "or pass --append to add to what is there."
        )


@dataclass(frozen=True)
class SeedPlan:
    customers: int
    products: int
    orders: int
    seed: int
    batch_size: int
    anchor: datetime  # seeded history ends here (naive local time)


@dataclass(frozen=True)
class SeedResult:
    customers: int
    categories: int
    products: int
    orders: int
    order_lines: int
    seconds: float


def shop_contents() -> dict[str, int]:
    """How many customers, categories, products and orders the shop holds (staff not counted)."""
    return {
        "customers": _customers().count(),
        "categories": Category.objects.count(),
        "products": Product.objects.count(),
        "orders": Order.objects.count(),
    }


def shop_seed(*, plan: SeedPlan, append: bool = False, progress: bool = True) -> SeedResult:
    """Add the planned customers, products and orders; refuses a non-empty shop unless `append`."""
    contents = shop_contents()
    if not append and any(contents.values()):
        raise ShopNotEmpty(contents)
    _check_plan(plan, contents)
    started = time.monotonic()
    # A million orders would mean a million outbox rows for the relay to publish, doubling the
    # seed's time; the services take seeded rows by backfill, as they take any existing data.
    with explicit_timestamps(Profile, Product, Order), suppressed():
        categories, new_categories = _seed_categories()
        customers = _seed_customers(plan, first_number=contents["customers"] + 1, progress=progress)
        products = _seed_products(
            plan, categories, first_number=contents["products"] + 1, progress=progress
        )
        orders, lines = _seed_orders(plan, progress=progress)
    return SeedResult(
        customers=customers,
        categories=new_categories,
        products=products,
        orders=orders,
        order_lines=lines,
        seconds=time.monotonic() - started,
    )


def _check_plan(plan: SeedPlan, contents: dict[str, int]) -> None:
    if plan.batch_size < 1:
        raise SeedError("The batch size must be at least 1")
    if plan.orders and not contents["customers"] + plan.customers:
        raise SeedError("Orders need customers: pass --customers with a number above 0")
    if plan.orders and not contents["products"] + plan.products:
        raise SeedError("Orders need products: pass --products with a number above 0")
    if plan.orders and not connection.features.can_return_rows_from_bulk_insert:
        raise SeedError(f"Seeding orders needs PostgreSQL or SQLite, not {connection.vendor}")


def _streams(plan: SeedPlan, name: str) -> tuple[random.Random, Faker]:
    """A random source and a Faker for one kind of row, both derived from the run's seed."""
    fake = Faker(FAKER_LOCALE)
    fake.seed_instance(f"{plan.seed}:{name}:faker")
    return random.Random(f"{plan.seed}:{name}"), fake


def _batches(total: int, size: int) -> Iterator[int]:
    for start in range(0, total, size):
        yield min(size, total - start)


def _bar(total: int, label: str, unit: str, progress: bool) -> tqdm:
    return tqdm(
        total=total,
        desc=label,
        unit=unit,
        file=sys.stderr,
        disable=not progress or not total,
        mininterval=0.5,
        dynamic_ncols=True,
    )


def _written() -> None:
    # With DEBUG on, Django keeps every SQL string; bulk inserts would make that grow per batch.
    reset_queries()


def _seed_categories() -> tuple[dict[str, Category], int]:
    """The shop's categories by slug, creating any that are missing, and how many were new."""
    existing = {c.slug: c for c in Category.objects.filter(slug__in=[s.slug for s in CATEGORIES])}
    missing = [
        make_category(spec, position)
        for position, spec in enumerate(CATEGORIES, start=1)
        if spec.slug not in existing
    ]
    Category.objects.bulk_create(missing)
    categories = Category.objects.filter(slug__in=[s.slug for s in CATEGORIES])
    return {c.slug: c for c in categories}, len(missing)


def _seed_customers(plan: SeedPlan, *, first_number: int, progress: bool) -> int:
    rng, fake = _streams(plan, "customers")
    salt = "".join(rng.choices(string.ascii_letters + string.digits, k=22))
    # Hashing is deliberately slow; one hash, with a salt from the seed, serves every customer.
    password_hash = make_password(DEMO_CUSTOMER_PASSWORD, salt=salt)
    number = first_number
    with _bar(plan.customers, "customers", "customer", progress) as bar:
        for size in _batches(plan.customers, plan.batch_size):
            pairs = []
            for _ in range(size):
                pairs.append(
                    make_customer(
                        number=number,
                        rng=rng,
                        fake=fake,
                        anchor=plan.anchor,
                        password_hash=password_hash,
                    )
                )
                number += 1
            with transaction.atomic():
                users: list = [user for user, _ in pairs]
                get_user_model().objects.bulk_create(users)
                Profile.objects.bulk_create([profile for _, profile in pairs])
            _written()
            bar.update(size)
    return plan.customers


def _seed_products(
    plan: SeedPlan, categories: dict[str, Category], *, first_number: int, progress: bool
) -> int:
    rng, _ = _streams(plan, "products")
    number = first_number
    with _bar(plan.products, "products", "product", progress) as bar:
        for size in _batches(plan.products, plan.batch_size):
            batch = []
            for _ in range(size):
                spec = rng.choice(CATEGORIES)
                batch.append(
                    make_product(
                        number=number,
                        spec=spec,
                        category=categories[spec.slug],
                        rng=rng,
                        anchor=plan.anchor,
                    )
                )
                number += 1
            Product.objects.bulk_create(batch)
            _written()
            bar.update(size)
    return plan.products


def _seed_orders(plan: SeedPlan, *, progress: bool) -> tuple[int, int]:
    if not plan.orders:
        return 0, 0
    rng, fake = _streams(plan, "orders")
    # Customer picks have their own stream so a batch can look up its addresses first
    # without changing what the order stream draws.
    pick_rng, _ = _streams(plan, "order-customers")
    customer_ids = array("q", _customers().order_by("pk").values_list("pk", flat=True).iterator())
    products = [
        (pk, price)
        for pk, price in Product.objects.order_by("pk").values_list("pk", "price_cents").iterator()
    ]
    line_count = 0
    with _bar(plan.orders, "orders", "order", progress) as bar:
        for size in _batches(plan.orders, plan.batch_size):
            picks = [_pick(customer_ids, pick_rng) for _ in range(size)]
            on_file = _customers_on_file(set(picks))
            drafts = [
                make_order(
                    rng=rng,
                    fake=fake,
                    anchor=plan.anchor,
                    customer=on_file[customer_id],
                    products=products,
                )
                for customer_id in picks
            ]
            with transaction.atomic():
                Order.objects.bulk_create([draft.order for draft in drafts])
                lines = []
                for draft in drafts:
                    for line in draft.lines:
                        line.order_id = draft.order.pk
                        lines.append(line)
                OrderLine.objects.bulk_create(lines)
            line_count += len(lines)
            _written()
            bar.update(size)
    return plan.orders, line_count


def _pick(ids: array, rng: random.Random) -> int:
    # A skewed draw: the early customers are the regulars with many orders.
    return ids[int(len(ids) * rng.random() ** 1.25)]


def _customers_on_file(ids: set[int]) -> dict[int, CustomerOnFile]:
    rows = _customers().filter(pk__in=ids).values_list("pk", "date_joined", "profile__addr")
    return {pk: CustomerOnFile(id=pk, joined=joined, addr=addr or "") for pk, joined, addr in rows}


def _customers():
    return get_user_model().objects.filter(is_staff=False, is_superuser=False)
