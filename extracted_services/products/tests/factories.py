"""factory_boy factories for the products service's own tables."""

from decimal import Decimal

import factory

from extracted_services.products.catalogue.models import Category, Product


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    legacy_id = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    legacy_id = factory.Sequence(lambda n: n + 1)
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    description = "A fine product."
    price_amount = Decimal("12.99")
    stock = 10
    category = factory.SubFactory(CategoryFactory)
