import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from legacy_monolith.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"
WHOAMI_URL = "/api/whoami/"


def test_login_returns_a_token_that_authenticates_the_customer(anon):
    customer = UserFactory(username="alice")

    response = anon.post(
        TOKEN_URL, {"username": "alice", "password": DEFAULT_PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=customer).key}
    anon.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert anon.get(WHOAMI_URL).json()["username"] == "alice"


def test_logging_in_twice_returns_the_same_token(anon):
    UserFactory(username="alice")
    credentials = {"username": "alice", "password": DEFAULT_PASSWORD}

    first = anon.post(TOKEN_URL, credentials, format="json").json()["token"]
    second = anon.post(TOKEN_URL, credentials, format="json").json()["token"]

    assert first == second
    assert Token.objects.count() == 1


@pytest.mark.parametrize(
    ("username", "password"),
    [("alice", "wrong-password"), ("nobody", DEFAULT_PASSWORD), ("ALICE ", DEFAULT_PASSWORD)],
)
def test_bad_credentials_are_a_400_and_issue_no_token(anon, username, password):
    UserFactory(username="alice")

    response = anon.post(TOKEN_URL, {"username": username, "password": password}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_credentials",
        "message": "Unknown username or wrong password",
    }
    assert not Token.objects.exists()


def test_inactive_customer_cannot_log_in(anon):
    UserFactory(username="alice", is_active=False)

    response = anon.post(
        TOKEN_URL, {"username": "alice", "password": DEFAULT_PASSWORD}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_credentials"
    assert not Token.objects.exists()


def test_login_without_fields_names_the_missing_ones(anon):
    response = anon.post(TOKEN_URL, {"user": "alice"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "validation_failed"
    assert body["fields"] == {
        "username": ["This field is required."],
        "password": ["This field is required."],
        "user": ["unknown field"],
    }


def test_logout_revokes_the_token(api, customer):
    response = api.delete(TOKEN_URL)

    assert response.status_code == 204
    assert not Token.objects.filter(user=customer).exists()
    after = api.get(WHOAMI_URL)
    assert after.status_code == 401
    assert after.json() == {"error": "authentication_failed", "message": "Invalid token."}


def test_logout_of_a_session_ends_the_session():
    customer = UserFactory()
    Token.objects.create(user=customer)
    browser = APIClient()
    browser.force_login(customer)
    assert browser.get(WHOAMI_URL).status_code == 200

    response = browser.delete(TOKEN_URL)

    assert response.status_code == 204
    assert not Token.objects.filter(user=customer).exists()
    assert browser.get(WHOAMI_URL).status_code == 401


def test_logout_needs_a_login(anon):
    response = anon.delete(TOKEN_URL)

    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


def test_whoami_with_a_token(client_for):
    staff = StaffFactory(username="boss")

    response = client_for(staff).get(WHOAMI_URL)

    assert response.status_code == 200
    assert response.json() == {"user_id": staff.pk, "username": "boss", "is_staff": True}
    assert response["Cache-Control"] == "private, no-store"


def test_whoami_with_a_session_cookie():
    customer = UserFactory(username="carol")
    browser = APIClient()
    browser.force_login(customer)

    response = browser.get(WHOAMI_URL)

    assert response.json() == {"user_id": customer.pk, "username": "carol", "is_staff": False}


def test_whoami_anonymous_is_a_401_with_a_token_challenge(anon):
    response = anon.get(WHOAMI_URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "error": "not_authenticated",
        "message": "Authentication credentials were not provided.",
    }


@pytest.mark.parametrize(
    "header", ["Token not-a-real-key", "Token", "Token two words", "Token \u00e9\u00e9"]
)
def test_whoami_with_a_bad_token_is_a_401(anon, header):
    anon.credentials(HTTP_AUTHORIZATION=header)

    response = anon.get(WHOAMI_URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"] == "authentication_failed"


def test_whoami_for_a_deactivated_customer_is_a_401(client_for):
    customer = UserFactory()
    client = client_for(customer)
    customer.is_active = False
    customer.save()

    response = client.get(WHOAMI_URL)

    assert response.status_code == 401
    assert response.json() == {
        "error": "authentication_failed",
        "message": "User inactive or deleted.",
    }


def test_whoami_is_cheap(client_for, django_assert_max_num_queries):
    client = client_for(UserFactory())
    with django_assert_max_num_queries(1):
        assert client.get(WHOAMI_URL).status_code == 200

    browser = APIClient()
    browser.force_login(UserFactory())
    with django_assert_max_num_queries(2):
        assert browser.get(WHOAMI_URL).status_code == 200


def test_bad_token_is_a_401_even_on_public_endpoints(anon):
    anon.credentials(HTTP_AUTHORIZATION="Token revoked-or-made-up")

    response = anon.get("/api/products/")

    assert response.status_code == 401
    assert response.json()["error"] == "authentication_failed"


def _browser_signed_in_as(username: str) -> tuple[APIClient, str]:
    """A browser with a session and its CSRF cookie, as the shop's pages leave it."""
    from django.middleware.csrf import _get_new_csrf_string

    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(UserFactory(username=username))
    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret
    return browser, secret


def test_whoami_post_with_a_session_and_its_csrf_token_names_the_caller():
    browser, csrf = _browser_signed_in_as("carol")

    response = browser.post(WHOAMI_URL, HTTP_X_CSRFTOKEN=csrf)

    assert response.status_code == 200
    assert response.json()["username"] == "carol"
    assert response["Vary"] == "Cookie"


@pytest.mark.parametrize("sent", [None, "w" * 32])
def test_whoami_post_with_a_session_but_no_valid_csrf_token_is_refused(sent):
    browser, _ = _browser_signed_in_as("carol")
    extra = {"HTTP_X_CSRFTOKEN": sent} if sent else {}

    response = browser.post(WHOAMI_URL, **extra)

    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "permission_denied"
    assert body["message"].startswith("CSRF Failed: CSRF token")


def test_whoami_post_with_a_token_needs_no_csrf_token(client_for):
    customer = UserFactory(username="dan")
    client = client_for(customer)
    client.handler.enforce_csrf_checks = True

    response = client.post(WHOAMI_URL)

    assert response.status_code == 200
    assert response.json()["user_id"] == customer.pk
