"""factory_boy factories for the legacy shop's models, shared by every test."""

import factory
from django.contrib.auth import get_user_model

from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.orders.models import Order, OrderLine

DEFAULT_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"customer{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(DEFAULT_PASSWORD)
    profile = factory.RelatedFactory("legacy_monolith.factories.ProfileFactory", "user")


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory, profile=None)
    phone_no = "020 7946 0000"
    addr = "12 Acacia Avenue\nLondon\nSW1A 1AA\nUnited Kingdom"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    cat_name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    prod_code = factory.Sequence(lambda n: f"SKU-{n:06d}")
    prod_name = factory.Sequence(lambda n: f"Product {n}")
    descr = "A fine product."
    price_cents = 1299
    qty_on_hand = 10
    cat = factory.SubFactory(CategoryFactory)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    cust = factory.SubFactory(UserFactory)
    ship_addr = "12 Acacia Avenue\nLondon\nSW1A 1AA"
    total_cents = 0


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    prod = factory.SubFactory(ProductFactory)
    qty = 1
    unit_price_cents = factory.SelfAttribute("prod.price_cents")
