"""factory_boy factories for the orders service's snapshots and orders."""

import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from extracted_services.orders.readmodels.models import CustomerSnapshot, ProductSnapshot

ADDRESS = {"lines": ["12 Acacia Avenue"], "city": "London", "postcode": "SW1A 1AA", "country": "GB"}


class CustomerSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerSnapshot

    id = factory.LazyFunction(uuid.uuid4)
    legacy_id = factory.Sequence(lambda n: 1000 + n)
    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    name = factory.Faker("name")
    is_active = True
    source_changed_at = factory.LazyFunction(timezone.now)


class ProductSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductSnapshot

    id = factory.LazyFunction(uuid.uuid4)
    legacy_id = factory.Sequence(lambda n: 5000 + n)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Teapot {n}")
    price = Decimal("12.99")
    currency = "GBP"
    is_active = True
    source_changed_at = factory.LazyFunction(timezone.now)
