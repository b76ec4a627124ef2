import pytest
from django.contrib.auth.hashers import check_password

from extracted_services.service_defaults.identity import Identity
from extracted_services.service_defaults.testing import client_as, customer_identity
from extracted_services.users.tests.factories import PASSWORD, CustomerFactory
from messaging.models import OutboxEvent

pytestmark = pytest.mark.django_db

NEW_ADDRESS = {
    "lines": ["221B Baker Street"],
    "city": "London",
    "postcode": "NW1 6XE",
    "country": None,
}


def _url(customer):
    return f"/api/v1/customers/{customer.id}/"


def test_a_customer_sees_their_own_account_without_the_hash(customer):
    response = client_as(customer_identity(42)).get(_url(customer))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(customer.id)
    assert body["legacy_id"] == 42
    assert body["username"] == "ada"
    assert body["address"]["postcode"] == "SW1A 1AA"
    assert body["joined_at"].endswith("Z")
    assert "password_hash" not in body


def test_a_customer_cannot_see_another_customers_account(customer):
    other = CustomerFactory()

    response = client_as(customer_identity(42)).get(_url(other))

    assert response.status_code == 403
    assert response.json()["detail"] == "customers may see only their own account"


def test_staff_see_any_account_and_services_also_its_hash(staff_client, service_client, customer):
    assert staff_client.get(_url(customer)).status_code == 200
    assert service_client.get(_url(customer)).json()["password_hash"] == customer.password_hash


def test_an_unknown_customer_gets_404_problem(service_client):
    response = service_client.get("/api/v1/customers/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_customer_changes_their_address_and_an_event_says_what_changed(customer):
    response = client_as(customer_identity(42)).patch(
        _url(customer), {"address": NEW_ADDRESS, "newsletter": True}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["address"] == NEW_ADDRESS
    customer.refresh_from_db()
    assert customer.address == NEW_ADDRESS
    assert customer.newsletter is True
    (event,) = OutboxEvent.objects.filter(type="users.customer.updated.v1")
    assert event.data["changed"] == ["address", "newsletter", "updated_at"]
    assert event.data["address"] == NEW_ADDRESS


def test_a_change_that_changes_nothing_records_no_event(customer):
    response = client_as(customer_identity(42)).patch(
        _url(customer), {"first_name": "Ada"}, format="json"
    )

    assert response.status_code == 200
    assert not OutboxEvent.objects.filter(type="users.customer.updated.v1").exists()


def test_a_customer_may_not_deactivate_or_rename_themselves(customer):
    response = client_as(customer_identity(42)).patch(
        _url(customer), {"active": False, "username": "queen"}, format="json"
    )

    assert response.status_code == 403
    assert set(response.json()["errors"]) == {"active", "username"}
    customer.refresh_from_db()
    assert (customer.active, customer.username) == (True, "ada")


def test_staff_rename_a_customer_but_not_to_a_taken_name(staff_client, customer):
    CustomerFactory(username="taken")

    renamed = staff_client.patch(_url(customer), {"username": "countess"}, format="json")
    clash = staff_client.patch(_url(customer), {"username": "taken"}, format="json")

    assert renamed.status_code == 200
    assert clash.status_code == 409
    assert clash.json()["errors"] == {"username": ["another customer already has username taken"]}
    customer.refresh_from_db()
    assert customer.username == "countess"


def test_a_customer_changing_their_password_must_give_the_current_one(customer):
    client = client_as(customer_identity(42))

    refused = client.patch(_url(customer), {"password": "N3w-Secret-Phrase"}, format="json")
    wrong = client.patch(
        _url(customer),
        {"password": "N3w-Secret-Phrase", "current_password": "guess"},
        format="json",
    )
    changed = client.patch(
        _url(customer),
        {"password": "N3w-Secret-Phrase", "current_password": PASSWORD},
        format="json",
    )

    assert refused.status_code == wrong.status_code == 400
    assert wrong.json()["errors"] == {"current_password": ["does not match the current password"]}
    assert changed.status_code == 200
    customer.refresh_from_db()
    assert check_password("N3w-Secret-Phrase", customer.password_hash)


def test_an_invalid_change_gets_400_and_changes_nothing(customer):
    response = client_as(customer_identity(42)).patch(
        _url(customer), {"email": "not-an-email", "newsletter": "often"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"email", "newsletter"}
    customer.refresh_from_db()
    assert customer.email == "ada@example.com"


def test_put_and_delete_are_not_allowed(service_client, customer):
    assert service_client.put(_url(customer), {}, format="json").status_code == 405
    assert service_client.delete(_url(customer)).status_code == 405


def test_me_is_the_customer_named_by_the_token_by_legacy_id_or_uuid(customer):
    by_legacy_id = client_as(customer_identity(42)).get("/api/v1/me/")
    by_uuid = client_as(Identity(kind="user", subject=str(customer.id))).get("/api/v1/me/")

    assert by_legacy_id.status_code == by_uuid.status_code == 200
    assert by_legacy_id.json()["id"] == by_uuid.json()["id"] == str(customer.id)


def test_me_updates_the_calling_customer(customer):
    response = client_as(customer_identity(42)).patch(
        "/api/v1/me/", {"phone": "07700 900123"}, format="json"
    )

    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.phone == "07700 900123"


def test_me_without_an_account_gets_404_and_for_a_service_403(service_client):
    missing = client_as(customer_identity(999)).get("/api/v1/me/")

    assert missing.status_code == 404
    assert missing.json()["detail"] == "there is no customer account for user 999"
    assert service_client.get("/api/v1/me/").status_code == 403


def test_me_without_a_token_gets_401(anonymous_client):
    assert anonymous_client.get("/api/v1/me/").status_code == 401
