import pytest
from django.contrib.auth.hashers import make_password

from extracted_services.service_defaults.testing import client_as, customer_identity
from extracted_services.users.tests.factories import PASSWORD, CustomerFactory
from extracted_services.users.tests.test_customer_list_and_create import LEGACY_HASH

pytestmark = pytest.mark.django_db

URL = "/api/v1/credentials/check/"
# Made by the monolith's test hasher (MD5) for "correct-horse-battery".
LEGACY_MD5_HASH = "md5$tBfJ0Fowbetlp1eKIdL4jg$942de02e44dbced38dac9aec4b1c44bb"


@pytest.mark.parametrize("legacy_hash", [LEGACY_HASH, LEGACY_MD5_HASH])
def test_a_migrated_customer_logs_in_with_their_old_password(service_client, legacy_hash):
    customer = CustomerFactory(username="ada", password_hash=legacy_hash)

    response = service_client.post(URL, {"username": "ada", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    assert response.json()["id"] == str(customer.id)
    customer.refresh_from_db()
    assert customer.password_hash == legacy_hash  # checked, never rewritten


@pytest.mark.parametrize(
    ("username", "password"), [("ada", "wrong-password"), ("nobody", PASSWORD)]
)
def test_a_wrong_password_or_unknown_username_gets_401_problem(service_client, username, password):
    CustomerFactory(username="ada", password_hash=LEGACY_MD5_HASH)

    response = service_client.post(URL, {"username": username, "password": password}, format="json")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/invalid-credentials")


def test_a_disabled_account_cannot_log_in(service_client):
    CustomerFactory(username="ada", active=False)

    response = service_client.post(URL, {"username": "ada", "password": PASSWORD}, format="json")

    assert response.status_code == 401


def test_an_account_without_a_usable_password_cannot_log_in(service_client):
    CustomerFactory(username="ada", password_hash=make_password(None))

    response = service_client.post(URL, {"username": "ada", "password": ""}, format="json")

    assert response.status_code == 400  # an empty password is not even checked
    assert "password" in response.json()["errors"]


def test_only_services_may_check_credentials(staff_client):
    CustomerFactory(username="ada", legacy_id=42)

    as_customer = client_as(customer_identity(42)).post(
        URL, {"username": "ada", "password": PASSWORD}, format="json"
    )

    assert as_customer.status_code == 403
    assert staff_client.post(URL, {"username": "ada", "password": PASSWORD}).status_code == 403


def test_a_request_without_the_fields_gets_400(service_client):
    response = service_client.post(URL, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"username", "password"}
