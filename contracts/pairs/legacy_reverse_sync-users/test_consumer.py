"""What reverse sync (`legacy-reverse-sync`) needs from the users service's customer events.

Once the users service owns customers, their changes are written into the shop's tables: the
whole customer, translated by `acl.users`. Each message is applied by the registered handler,
through the inbox, to the shop's database, and the rows it leaves there are checked.
"""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from pact import Pact, match

from acl.ids import Kind, legacy_uuid
from contracts.matchers import timestamp, uuid
from contracts.messages import apply_messages, event_metadata, uuid_subject
from legacy_monolith.accounts.models import Profile
from legacy_monolith.factories import UserFactory
from legacy_monolith.reverse_sync.models import LegacyIdPair

CONSUMER, PROVIDER = "legacy_reverse_sync", "users"

ERIN = "5b2e8f0a-6c1d-4e3f-8a7b-9c0d1e2f3a4b"
# A customer who came from the shop keeps the id the ACL derives from their shop id.
DORA = str(legacy_uuid(Kind.CUSTOMER, 42))
REGISTERED = "customer {username} ({id}, legacy id {legacy_id}) registered in the users service"
PHONE_CHANGED = "customer {username} ({id}, legacy id {legacy_id}) changed their phone to {phone}"

pytestmark = pytest.mark.django_db


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def customer(**exact: Any) -> dict[str, Any]:
    """The whole customer as services see it: what `acl.users.customer_to_legacy` reads."""
    return {
        "id": uuid(ERIN),
        "legacy_id": None,
        "username": match.str("erin"),
        "email": match.str("erin@example.com"),
        "first_name": match.str("Erin"),
        "last_name": match.str("Moss"),
        "phone": match.str("020 7946 0999"),
        "address": {
            "lines": match.each_like(match.str("1 High Street")),
            "city": match.str("Leeds"),
            "postcode": match.str("LS1 4AP"),
            "country": match.str("GB"),
        },
        "newsletter": match.bool(True),
        "active": match.bool(True),
        "password_hash": match.str("md5$salt$5f4dcc3b5aa765d61d8327deb882cf99"),
        "joined_at": timestamp("2025-06-01T09:30:00.412001Z"),
        "last_login_at": None,
        "updated_at": timestamp("2025-06-01T09:30:00.412001Z"),
        **exact,
    }


def test_a_customer_registered_in_the_service_gets_a_shop_account(pact: Pact) -> None:
    (
        pact.upon_receiving("a customer registered, not yet in the shop", "Async")
        .given(REGISTERED, username="erin", id=ERIN, legacy_id=None)
        .with_body(customer(), content_type="application/json")
        .with_metadata(event_metadata("users.customer.registered.v1", subject=uuid_subject(ERIN)))
    )

    apply_messages(pact, "legacy-reverse-sync")

    user = User.objects.get(username="erin")
    assert (user.email, user.first_name, user.is_active) == ("erin@example.com", "Erin", True)
    # The hash is written as it is, so the customer can sign in to the shop with their password.
    assert user.password == "md5$salt$5f4dcc3b5aa765d61d8327deb882cf99"
    profile = Profile.objects.get(user=user)
    assert (profile.addr, profile.newsletter_yn) == (
        "1 High Street\nLeeds\nLS1 4AP\nUnited Kingdom",
        "Y",
    )
    assert LegacyIdPair.objects.filter(kind=Kind.CUSTOMER, uuid=ERIN, legacy_id=user.pk).exists()


def test_a_customer_change_reaches_their_shop_account(pact: Pact) -> None:
    UserFactory(id=42, username="dora", profile__phone_no="020 7946 0123")
    Profile.objects.filter(user_id=42).update(modified_dt=datetime(2025, 1, 1))
    (
        pact.upon_receiving("a customer of the shop changed their phone", "Async")
        .given(PHONE_CHANGED, username="dora", id=DORA, legacy_id=42, phone="0113 496 0000")
        .with_body(
            customer(
                id=uuid(DORA),
                legacy_id=match.int(42),
                username=match.str("dora"),
                email=match.str("dora@example.com"),
                first_name=match.str("Dora"),
                phone=match.str("0113 496 0000"),
                changed=match.each_like(match.str("phone")),
            ),
            content_type="application/json",
        )
        .with_metadata(event_metadata("users.customer.updated.v1", subject=uuid_subject(DORA)))
    )

    apply_messages(pact, "legacy-reverse-sync")

    assert Profile.objects.get(user_id=42).phone_no == "0113 496 0000"
    assert User.objects.get(pk=42).first_name == "Dora"
