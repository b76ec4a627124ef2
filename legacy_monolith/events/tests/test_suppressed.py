"""Writes made with the feed suppressed (reverse sync, seeding) record nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from legacy_monolith.accounts.services import customer_register
from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import ProductFactory, UserFactory
from legacy_monolith.orders.models import Order
from legacy_monolith.orders.services import order_cancel, order_place
from messaging.changes import suppressed

from .support import forget_recorded, recorded

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_suppressed_writes_to_every_table_record_nothing():
    customer = UserFactory()
    product = ProductFactory(qty_on_hand=4)
    forget_recorded()

    with suppressed():
        registered = customer_register(username="synced", email="s@example.com", password="x" * 12)
        order = order_place(customer=customer, quantities={product.pk: 3}, ship_addr="Bath")
        order_cancel(order_id=order.pk)
        Product.objects.filter(pk=product.pk).update(prod_name="Renamed by sync")
        get_user_model().objects.filter(pk=registered.pk).update(first_name="Synced")

    assert recorded() == []
    assert Order.objects.get(pk=order.pk).status == "C"
    assert Product.objects.get(pk=product.pk).prod_name == "Renamed by sync"


def test_writes_after_the_block_are_recorded_again():
    product = ProductFactory()
    with suppressed():
        product.save()
    forget_recorded()

    product.save()

    assert [e.subject for e in recorded()] == [str(product.pk)]


def test_seeding_records_no_events_the_backfill_carries_seeded_rows_instead():
    out = StringIO()

    call_command(
        "seed",
        "--no-progress",
        "--until=2026-01-01",
        "--customers=5",
        "--products=8",
        "--orders=20",
        stdout=out,
    )

    assert "Seeded 5 customers" in out.getvalue()
    assert Order.objects.count() == 20
    assert recorded() == []
