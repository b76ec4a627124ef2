"""`manage.py seed`: fill the shop with realistic, deterministic demo data at any scale."""

import argparse
from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError

from legacy_monolith.demo_data.seeding import (
    DEMO_CUSTOMER_PASSWORD,
    SeedError,
    SeedPlan,
    shop_seed,
)


def _count(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {raw!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _batch_size(raw: str) -> int:
    value = _count(raw)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2025-06-30, got {raw!r}") from None


class Command(BaseCommand):
    help = (
        "Fill an empty shop with realistic demo data: customers with UK addresses, a catalogue, "
        "and two years of order history. The same --seed and --until give the same data. "
        f"Every seeded customer signs in with the password {DEMO_CUSTOMER_PASSWORD!r}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=_count, default=50, help="default: 50")
        parser.add_argument("--products", type=_count, default=200, help="default: 200")
        parser.add_argument("--orders", type=_count, default=500, help="default: 500")
        parser.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
        parser.add_argument(
            "--batch-size",
            type=_batch_size,
            default=2000,
            help="rows written per INSERT and transaction (default: 2000)",
        )
        parser.add_argument(
            "--until",
            type=_day,
            default=None,
            help="history ends at the start of this day, YYYY-MM-DD (default: today)",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="add to a shop that already has data instead of refusing",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args, **options):
        plan = SeedPlan(
            customers=options["customers"],
            products=options["products"],
            orders=options["orders"],
            seed=options["seed"],
            batch_size=options["batch_size"],
            anchor=datetime.combine(options["until"] or date.today(), time.min),
        )
        try:
            result = shop_seed(
                plan=plan, append=options["append"], progress=not options["no_progress"]
            )
        except SeedError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {result.customers:,} customers, {result.categories} categories, "
                f"{result.products:,} products and {result.orders:,} orders "
                f"({result.order_lines:,} lines) in {result.seconds:.1f} s."
            )
        )
        if result.customers:
            self.stdout.write(
                f"Seeded customers sign in with the password {DEMO_CUSTOMER_PASSWORD!r}."
            )
