import time

import jwt
import pytest

from extracted_services.service_defaults.identity import AUDIENCE, Identity, issue_token
from extracted_services.service_defaults.testing import (
    client_as,
    customer_identity,
    service_identity,
)

PROBLEM = "application/problem+json"


def test_a_call_without_a_token_gets_401_problem_naming_the_bearer_scheme(anonymous_client):
    response = anonymous_client.get("/api/v1/whoami")

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == 'Bearer realm="shop-services"'
    body = response.json()
    assert body["status"] == 401
    assert body["title"] == "Unauthorized"
    assert body["type"].endswith("/not-authenticated")
    assert "credentials were not provided" in body["detail"]


def test_a_valid_token_identifies_the_caller(client_for):
    response = client_for(service_identity("orders")).get("/api/v1/whoami")

    assert response.status_code == 200
    assert response.json() == {"caller": "service:orders"}


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Token abc", "only `Authorization: Bearer <token>`"),
        ("Basic dXNlcjpwYXNz", "only `Authorization: Bearer <token>`"),
        ("Bearer", "must be `Bearer <token>`"),
        ("Bearer a b", "must be `Bearer <token>`"),
        ("Bearer not-a-jwt", "not valid"),
    ],
)
def test_anything_but_a_valid_bearer_token_gets_401_saying_why(anonymous_client, header, detail):
    response = anonymous_client.get("/api/v1/whoami", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert detail in response.json()["detail"]


def test_an_expired_token_gets_401_saying_it_expired(anonymous_client):
    token = issue_token(customer_identity(7), issuer="proxy", ttl=-60)

    response = anonymous_client.get("/api/v1/whoami", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_signed_with_another_secret_gets_401(anonymous_client):
    token = issue_token(service_identity(), issuer="proxy", secret="x" * 40)

    response = anonymous_client.get("/api/v1/whoami", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401


def test_a_token_naming_no_known_kind_of_caller_gets_401(anonymous_client):
    from extracted_services.service_defaults.identity import token_secret

    now = int(time.time())
    claims = {"iss": "x", "aud": AUDIENCE, "iat": now, "exp": now + 60, "sub": "1", "kind": "robot"}
    token = jwt.encode(claims, token_secret(), algorithm="HS256")

    response = anonymous_client.get("/api/v1/whoami", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401
    assert "no known kind" in response.json()["detail"]


def test_health_endpoints_need_no_token_and_ignore_a_bad_one(anonymous_client):
    assert anonymous_client.get("/health/live").status_code == 200
    bad = anonymous_client.get("/health/live", HTTP_AUTHORIZATION="Bearer forged")
    assert bad.status_code == 200


def test_staff_only_views_refuse_customers_with_403_and_admit_staff_and_services(client_for):
    customer = Identity(kind="user", subject="5", username="ada")
    staff = Identity(kind="user", subject="1", username="boss", is_staff=True)

    refused = client_for(customer).get("/api/v1/staff-only")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "only staff members and services may do this"
    assert client_for(staff).get("/api/v1/staff-only").status_code == 200
    assert client_for(service_identity()).get("/api/v1/staff-only").status_code == 200


def test_a_customer_sees_only_their_own_data_and_staff_see_all(client_for):
    ada = client_as(customer_identity(5))

    assert ada.get("/api/v1/things/5").json() == {"owner": 5}
    other = ada.get("/api/v1/things/6")
    assert other.status_code == 403
    assert other.json()["type"].endswith("/not-yours")
    staff = client_for(Identity(kind="user", subject="1", is_staff=True))
    assert staff.get("/api/v1/things/6").status_code == 200


def test_a_service_is_never_taken_for_the_customer_with_the_same_subject(client_for):
    # A service called "5" must not read customer 5's data as its "owner" (it may as a service).
    from extracted_services.service_defaults.permissions import is_owner

    class _Request:
        user = None

    from extracted_services.service_defaults.authentication import Caller

    request = _Request()
    request.user = Caller(identity=Identity(kind="service", subject="5"))
    assert is_owner(request, owner_refs=[5]) is False
