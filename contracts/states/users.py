"""States of the users service that make it record its events, for its message pacts.

Each registers or changes a customer through the service's own `services.py`, which records the
event with the write through the payload builder in `customers/events.py`, as in production;
the message endpoint then answers with the last event of the type the consumer expects.
"""

from uuid import UUID

from extracted_services.users.customers import services
from extracted_services.users.customers.models import Customer

ADDRESS = {"lines": ["1 High Street"], "city": "Leeds", "postcode": "LS1 4AP", "country": "GB"}


def registered(*, username: str, id: str, legacy_id: int | None) -> None:
    services.customer_create(
        id=UUID(id),
        legacy_id=legacy_id,
        username=username,
        email=f"{username}@example.com",
        first_name=username.title(),
        last_name="Moss",
        phone="020 7946 0999",
        address=ADDRESS,
        newsletter=True,
        password="a-long-passphrase-7",
    )


def phone_changed(*, username: str, id: str, legacy_id: int | None, phone: str) -> None:
    registered(username=username, id=id, legacy_id=legacy_id)
    customer = Customer.objects.get(pk=id)
    services.customer_update(customer=customer, changes={"phone": phone})


CUSTOMER_EVENT_STATES = {
    "customer {username} ({id}, legacy id {legacy_id}) registered in the users service": (
        registered
    ),
    "customer {username} ({id}, legacy id {legacy_id}) changed their phone to {phone}": (
        phone_changed
    ),
}
