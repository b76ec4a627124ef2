"""What the monolith needs from the users service: one interaction per call its client makes.

The consumer is `acl.clients.UsersClient` (and reverse sync's legacy-id link), exactly as the
monolith's ports use it; each test also checks that the answer is enough for the ACL to build
the shop's own rows (`acl.users.customer_to_legacy`).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pact import Pact, match

from acl.clients import Conflict, NotFound, ServiceAuthError, UsersClient, ValidationFailed
from acl.clients.base import MONOLITH
from acl.users import customer_to_legacy
from contracts.consumers.service_clients import client_for
from contracts.matchers import field_errors, page_of, problem, signed_identity, timestamp, uuid
from extracted_services.service_defaults.identity import Identity
from legacy_monolith.reverse_sync.links import _UsersLinks

CONSUMER, PROVIDER = "legacy_monolith", "users"

DORA = "0c3a9a5e-7d4b-4a51-9a3e-2f1d6c8b7a01"
NEW_CUSTOMER = "5b2e8f0a-6c1d-4e3f-8a7b-9c0d1e2f3a4b"
PASSWORD = "correct-horse-battery"
ADDRESS = {"lines": ["1 High Street"], "city": "Leeds", "postcode": "LS1 4AP", "country": "GB"}

# Provider states, named with their parameters.
CALLER_SERVICE = "the caller is the service {service}"
CALLER_CUSTOMER = "the caller is the customer with legacy id {legacy_id}"
CUSTOMER = "a customer {username} with id {id}, legacy id {legacy_id} and password {password}"
REGISTERED_HERE = "a customer {username} with id {id}, registered here and not yet in the shop"
NO_CUSTOMER = "no customer has legacy id {legacy_id}"


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def as_monolith(interaction: Any) -> Any:
    return interaction.given(CALLER_SERVICE, service="legacy_monolith").with_header(
        "Authorization", signed_identity()
    )


def as_customer(interaction: Any, legacy_id: int = 42) -> Any:
    return interaction.given(CALLER_CUSTOMER, legacy_id=legacy_id).with_header(
        "Authorization", signed_identity()
    )


def dora(**known: Any) -> dict[str, Any]:
    return {"username": "dora", "id": DORA, "legacy_id": 42, "password": PASSWORD, **known}


def customer_body(*, seen_by_services: bool = False, **exact: Any) -> dict[str, Any]:
    """A customer in the clean vocabulary: what `acl.users.customer_to_legacy` reads."""
    body: dict[str, Any] = {
        "id": uuid(DORA),
        "legacy_id": match.int(42),
        "username": match.str("dora"),
        "email": match.str("dora@example.com"),
        "first_name": match.str("Dora"),
        "last_name": match.str("Jones"),
        "phone": match.str("020 7946 0123"),
        "address": {
            "lines": match.each_like(match.str("1 High Street")),
            "city": match.str("Leeds"),
            "postcode": match.str("LS1 4AP"),
            "country": match.str("GB"),
        },
        "newsletter": match.bool(True),
        "active": match.bool(True),
        "joined_at": timestamp(),
        "last_login_at": timestamp(),
        "updated_at": timestamp(),
    }
    if seen_by_services:
        body["password_hash"] = match.str("pbkdf2_sha256$1000000$salt$hash")
    body.update(exact)
    return body


def _legacy_rows(customer: dict[str, Any]) -> Any:
    return customer_to_legacy(customer={"password_hash": "", **customer})


# The signed-in customer (/me)


def test_the_signed_in_customers_account(pact: Pact) -> None:
    (
        as_customer(
            pact.upon_receiving("a request for the signed-in customer's account")
            .given(CUSTOMER, **dora())
            .with_request("GET", "/api/v1/me/")
        )
        .will_respond_with(200)
        .with_body(customer_body(id=uuid(DORA), legacy_id=42), content_type="application/json")
    )
    with pact.serve() as srv, client_for(UsersClient, srv.url) as (client, session):
        customer = client.me(user_id=42)

    assert session.identity == Identity(kind="user", subject="42")
    assert customer["legacy_id"] == 42
    rows = _legacy_rows(customer)
    assert rows["user"]["id"] == 42
    assert rows["profile"]["addr"] == "1 High Street\nLeeds\nLS1 4AP\nUnited Kingdom"


def test_a_user_the_service_does_not_know_has_no_account(pact: Pact) -> None:
    (
        as_customer(
            pact.upon_receiving("a request for the account of a user the service does not know"),
            legacy_id=4242,
        )
        .given(NO_CUSTOMER, legacy_id=4242)
        .with_request("GET", "/api/v1/me/")
        .will_respond_with(404)
        .with_body(problem("not-found", 404), content_type="application/problem+json")
    )
    with (
        pact.serve() as srv,
        client_for(UsersClient, srv.url) as (client, _),
        pytest.raises(NotFound),
    ):
        client.me(user_id=4242)


def test_a_change_of_the_customers_own_profile(pact: Pact) -> None:
    changes = {"phone": "0113 496 0000", "newsletter": False}
    (
        as_customer(
            pact.upon_receiving("a change of the signed-in customer's phone and newsletter")
            .given(CUSTOMER, **dora())
            .with_request("PATCH", "/api/v1/me/")
            .with_body(changes, content_type="application/json")
        )
        .will_respond_with(200)
        # The changed fields come back as sent: the shop shows them without reloading.
        .with_body(customer_body(**changes), content_type="application/json")
    )
    with pact.serve() as srv, client_for(UsersClient, srv.url) as (client, session):
        customer = client.update_me(user_id=42, changes=changes)

    assert session.identity == Identity(kind="user", subject="42")
    assert _legacy_rows(customer)["profile"]["newsletter_yn"] == "N"


def test_a_profile_change_with_a_bad_email_is_refused_per_field(pact: Pact) -> None:
    (
        as_customer(
            pact.upon_receiving("a change of the customer's email to something that is not one")
            .given(CUSTOMER, **dora())
            .with_request("PATCH", "/api/v1/me/")
            .with_body({"email": "not an email"}, content_type="application/json")
        )
        .will_respond_with(400)
        .with_body(
            problem("validation-error", 400, errors=field_errors("email")),
            content_type="application/problem+json",
        )
    )
    with (
        pact.serve() as srv,
        client_for(UsersClient, srv.url) as (client, _),
        pytest.raises(ValidationFailed) as refused,
    ):
        client.update_me(user_id=42, changes={"email": "not an email"})

    assert list(refused.value.errors) == ["email"]


def test_a_password_change_with_the_current_password(pact: Pact) -> None:
    changes = {"password": "a-new-long-passphrase-9", "current_password": PASSWORD}
    (
        as_customer(
            pact.upon_receiving("a password change with the right current password")
            .given(CUSTOMER, **dora())
            .with_request("PATCH", "/api/v1/me/")
            .with_body(changes, content_type="application/json")
        )
        .will_respond_with(200)
        .with_body(customer_body(), content_type="application/json")
    )
    with pact.serve() as srv, client_for(UsersClient, srv.url) as (client, _):
        customer = client.update_me(user_id=42, changes=changes)

    assert "password_hash" not in customer  # a customer never sees a hash


def test_a_password_change_with_a_wrong_current_password_is_refused(pact: Pact) -> None:
    changes = {"password": "a-new-long-passphrase-9", "current_password": "a-guess"}
    (
        as_customer(
            pact.upon_receiving("a password change with a wrong current password")
            .given(CUSTOMER, **dora())
            .with_request("PATCH", "/api/v1/me/")
            .with_body(changes, content_type="application/json")
        )
        .will_respond_with(400)
        .with_body(
            problem("validation-error", 400, errors=field_errors("current_password")),
            content_type="application/problem+json",
        )
    )
    with (
        pact.serve() as srv,
        client_for(UsersClient, srv.url) as (client, _),
        pytest.raises(ValidationFailed) as refused,
    ):
        client.update_me(user_id=42, changes=changes)

    assert list(refused.value.errors) == ["current_password"]


# Customers, as the monolith (a service)


def test_a_customer_by_id(pact: Pact) -> None:
    (
        as_monolith(
            pact.upon_receiving("a request for customer Dora by id")
            .given(CUSTOMER, **dora())
            .with_request("GET", f"/api/v1/customers/{DORA}/")
        )
        .will_respond_with(200)
        .with_body(customer_body(seen_by_services=True, id=DORA), content_type="application/json")
    )
    with pact.serve() as srv, client_for(UsersClient, srv.url) as (client, session):
        customer = client.customer(customer_id=DORA)

    assert session.identity == MONOLITH
    assert _legacy_rows(customer)["user"]["password"] == customer["password_hash"]


def test_a_customer_by_legacy_id(pact: Pact) -> None:
    (
        as_monolith(
            pact.upon_receiving("a lookup of the customer with legacy id 42")
            .given(CUSTOMER, **dora())
            .with_request("GET", "/api/v1/customers/")
        )
        .with_query_parameters({"legacy_id": "42", "page": "1", "page_size": "1"})
        .will_respond_with(200)
        .with_body(
            page_of(customer_body(seen_by_services=True, legacy_id=42)),
            content_type="application/json",
        )
    )
    with pact.serve() as srv, client_for(UsersClient, srv.url) as (client, _):
        customer = client.customer_by_legacy_id(legacy_id=42)

    assert customer is not None and customer["legacy_id"] == 42


def test_a_legacy_id_no_customer_has(pact: Pact) -> None:
    (
        as_monolith(
            pact.upon_receiving("a lookup of a legacy id no customer has")
            .given(NO_CUSTOMER, legacy_id=4242)
            .with_request("GET", "/api/v1/customers/")
        )
        .with_query_parameters({"legacy_id": "4242", "page": "1", "page_size": "1"})
        .will_respond_with(200)
        .with_body(
            {"count": 0, "next": None, "previous": None, "results": []},
            content_type="application/json",
        )
    )
    with pact.serve() as srv, client_for(UsersClient, srv.url) as (client, _):
        assert client.customer_by_legacy_id(legacy_id=4242) is None


def test_a_registration(pact: Pact) -> None:
    registration = {
        "username": "erin",
        "email": "erin@example.com",
        "first_name": "Erin",
        "last_name": "Moss",
        "phone": "020 7946 0999",
        "address": ADDRESS,
        "newsletter": True,
        "password": "a-long-passphrase-7",
    }
    (
        as_monolith(
            pact.upon_receiving("a registration of a new customer")
            .with_request("POST", "/api/v1/customers/")
            .with_header("Idempotency-Key", match.regex("register-1", regex=r"^\S{1,200}$"))
            .with_body(registration, content_type="application/json")
        )
        .will_respond_with(201)
        .with_body(
            # A customer born here has no shop id until reverse sync gives it one.
            customer_body(
                seen_by_services=True,
                id=uuid(NEW_CUSTOMER),
                legacy_id=None,
                username="erin",
                last_login_at=None,
            ),
            content_type="application/json",
        )
    )
    with pact.serve() as srv, client_for(UsersClient, srv.url) as (client, _):
        customer = client.create_customer(customer=registration, idempotency_key="register-1")

    assert customer["username"] == "erin" and customer["legacy_id"] is None


def test_a_registration_with_a_taken_username_is_a_conflict(pact: Pact) -> None:
    registration = {"username": "dora", "email": "dora2@example.com", "password": "x-long-pass-7"}
    (
        as_monolith(
            pact.upon_receiving("a registration with a username another customer has")
            .given(CUSTOMER, **dora())
            .with_request("POST", "/api/v1/customers/")
            .with_header("Idempotency-Key", match.regex("register-2", regex=r"^\S{1,200}$"))
            .with_body(registration, content_type="application/json")
        )
        .will_respond_with(409)
        .with_body(
            problem("customer-conflict", 409, errors=field_errors("username")),
            content_type="application/problem+json",
        )
    )
    with (
        pact.serve() as srv,
        client_for(UsersClient, srv.url) as (client, _),
        pytest.raises(Conflict) as refused,
    ):
        client.create_customer(customer=registration, idempotency_key="register-2")

    assert refused.value.code == "customer-conflict"
    assert "username" in refused.value.body["errors"]


def test_a_credential_check_with_the_right_password(pact: Pact) -> None:
    (
        as_monolith(
            pact.upon_receiving("a credential check with the right password")
            .given(CUSTOMER, **dora())
            .with_request("POST", "/api/v1/credentials/check/")
            .with_body({"username": "dora", "password": PASSWORD}, content_type="application/json")
        )
        .will_respond_with(200)
        .with_body(customer_body(seen_by_services=True), content_type="application/json")
    )
    with pact.serve() as srv, client_for(UsersClient, srv.url) as (client, _):
        customer = client.check_credentials(username="dora", password=PASSWORD)

    assert customer is not None and customer["username"] == "dora"


def test_a_credential_check_with_a_wrong_password(pact: Pact) -> None:
    (
        as_monolith(
            pact.upon_receiving("a credential check with a wrong password")
            .given(CUSTOMER, **dora())
            .with_request("POST", "/api/v1/credentials/check/")
            .with_body({"username": "dora", "password": "a-guess"}, content_type="application/json")
        )
        .will_respond_with(401)
        .with_body(problem("invalid-credentials", 401), content_type="application/problem+json")
    )
    with pact.serve() as srv, client_for(UsersClient, srv.url) as (client, _):
        assert client.check_credentials(username="dora", password="a-guess") is None


# Reverse sync: the legacy id the shop gave a customer registered in the service


def test_reverse_sync_links_the_shop_id_of_a_customer_registered_here(pact: Pact) -> None:
    (
        as_monolith(
            pact.upon_receiving("the shop id 812 of a customer registered in the service")
            .given(REGISTERED_HERE, username="erin", id=NEW_CUSTOMER)
            .with_request("PUT", f"/api/v1/customers/{NEW_CUSTOMER}/legacy-id/")
            .with_body({"legacy_id": 812}, content_type="application/json")
        )
        .will_respond_with(200)
        .with_body(
            customer_body(
                seen_by_services=True, id=NEW_CUSTOMER, legacy_id=812, last_login_at=None
            ),
            content_type="application/json",
        )
    )
    with pact.serve() as srv, client_for(_UsersLinks, srv.url) as (client, session):
        client.link(path=f"/api/v1/customers/{NEW_CUSTOMER}/legacy-id/", legacy_id=812)

    assert session.identity == MONOLITH


def test_a_refused_identity_token_names_the_setting_to_check(pact: Pact) -> None:
    (
        pact.upon_receiving("a request signed with a key the service does not share")
        .with_request("GET", f"/api/v1/customers/{DORA}/")
        .with_header("Authorization", match.regex("Bearer x.y.z", regex=r"^Bearer \S+$"))
        .will_respond_with(401)
        .with_body(problem("invalid-token", 401), content_type="application/problem+json")
    )
    with pact.serve() as srv, client_for(UsersClient, srv.url) as (client, session):
        client._secret = "a-key-the-service-does-not-have-0123456789abcdef"
        with pytest.raises(ServiceAuthError, match="check SERVICE_TOKEN_SECRET"):
            client.customer(customer_id=DORA)

    assert session.identity is None  # signed with the wrong key
