"""What the users service's forward sync (`users-legacy-sync`) needs from the shop's change feed.

Each message is applied by the consumer's registered handler, through the inbox, to the users
service's own database (these tests run under its settings), and the customer it leaves there is
checked.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pact import Pact

from contracts.consumers import legacy_feed as feed
from contracts.messages import apply_messages, event_metadata, legacy_subject
from extracted_services.users.customers.models import Customer
from extracted_services.users.tests.factories import CustomerFactory

CONSUMER, PROVIDER = "users_legacy_sync", "legacy_monolith"

pytestmark = pytest.mark.django_db


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def test_a_customer_changed_in_the_shop_is_copied_with_their_profile(pact: Pact) -> None:
    (
        pact.upon_receiving("a change to a customer with a profile", "Async")
        .given(feed.CUSTOMER, user_id=42, username="dora")
        .with_body(feed.customer_changed(), content_type="application/json")
        .with_metadata(event_metadata(feed.CUSTOMER_CHANGED, subject=legacy_subject(42)))
    )

    apply_messages(pact, "users-legacy-sync")

    customer = Customer.objects.get(legacy_id=42)
    assert (customer.username, customer.first_name, customer.phone) == (
        "dora",
        "Dora",
        "020 7946 0123",
    )
    assert customer.address == {
        "lines": ["1 High Street"],
        "city": "Leeds",
        "postcode": "LS1 4AP",
        "country": "GB",
    }
    assert customer.newsletter is False and customer.active is True
    # The legacy hash is kept as it is, so the customer's password still works.
    assert customer.password_hash == "md5$salt$5f4dcc3b5aa765d61d8327deb882cf99"


def test_a_customer_with_no_profile_yet_is_copied_without_one(pact: Pact) -> None:
    (
        pact.upon_receiving("a change to a customer who has no profile yet", "Async")
        .given(feed.CUSTOMER_NO_PROFILE, user_id=42, username="dora")
        .with_body(feed.customer_changed(with_profile=False), content_type="application/json")
        .with_metadata(event_metadata(feed.CUSTOMER_CHANGED, subject=legacy_subject(42)))
    )

    apply_messages(pact, "users-legacy-sync")

    customer = Customer.objects.get(legacy_id=42)
    assert customer.username == "dora"
    assert (customer.phone, customer.address) == ("", None)


def test_a_customer_deleted_in_the_shop_is_deleted_here(pact: Pact) -> None:
    CustomerFactory(legacy_id=42, username="dora")
    (
        pact.upon_receiving("a customer deleted in the shop", "Async")
        .given(feed.CUSTOMER_GONE, user_id=42, username="dora")
        .with_body(feed.deleted(42), content_type="application/json")
        .with_metadata(event_metadata(feed.CUSTOMER_DELETED, subject=legacy_subject(42)))
    )

    apply_messages(pact, "users-legacy-sync")

    assert not Customer.objects.filter(legacy_id=42).exists()
