"""Provider states of the monolith's pact with the users service, set up in its database.

Each handler takes the state's parameters by name; the database is emptied after every
interaction, so a handler only creates what its state names.
"""

from datetime import UTC, datetime

from django.contrib.auth.hashers import make_password

from contracts.states.identity import IDENTITY_STATES
from extracted_services.users.customers.models import Customer
from extracted_services.users.tests.factories import CustomerFactory

ADDRESS = {"lines": ["1 High Street"], "city": "Leeds", "postcode": "LS1 4AP", "country": "GB"}


def customer(*, username: str, id: str, legacy_id: int, password: str) -> None:
    CustomerFactory(
        id=id,
        legacy_id=legacy_id,
        username=username,
        first_name="Dora",
        last_name="Jones",
        address=ADDRESS,
        newsletter=True,
        password_hash=make_password(password),
        last_login_at=datetime(2025, 5, 30, 8, 15, tzinfo=UTC),
    )


def registered_here(*, username: str, id: str) -> None:
    CustomerFactory(id=id, legacy_id=None, username=username, address=ADDRESS)


def no_customer(*, legacy_id: int) -> None:
    Customer.objects.filter(legacy_id=legacy_id).delete()


PROVIDER_STATES = {
    **IDENTITY_STATES,
    "a customer {username} with id {id}, legacy id {legacy_id} and password {password}": customer,
    "a customer {username} with id {id}, registered here and not yet in the shop": registered_here,
    "no customer has legacy id {legacy_id}": no_customer,
}
