"""factory_boy factories for the users service's own tables."""

import factory
from django.contrib.auth.hashers import make_password

from extracted_services.users.customers.models import Customer

PASSWORD = "correct-horse-battery"


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    legacy_id = factory.Sequence(lambda n: n + 1)
    username = factory.Sequence(lambda n: f"customer{n}")
    email = factory.LazyAttribute(lambda c: f"{c.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    phone = "020 7946 0000"
    address = factory.LazyFunction(
        lambda: {
            "lines": ["12 Acacia Avenue"],
            "city": "London",
            "postcode": "SW1A 1AA",
            "country": "GB",
        }
    )
    password_hash = factory.LazyFunction(lambda: make_password(PASSWORD))
