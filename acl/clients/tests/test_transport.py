"""What every call does: sign, time out, retry only what is safe, turn problems into errors."""

import json

import pytest
import requests
import responses

from acl.clients import (
    ClientConfig,
    Conflict,
    InsufficientStock,
    NotFound,
    PermissionDenied,
    ServiceAuthError,
    ServiceUnavailable,
    UnexpectedResponse,
    ValidationFailed,
    config_from_env,
)
from extracted_services.service_defaults.identity import verify_token

from .conftest import BASE, SECRET, problem

PRODUCT_ID = "6f1c2d3e-0000-4000-8000-000000000001"
PRODUCT_URL = f"{BASE}/api/v1/products/{PRODUCT_ID}/"


def _identity(call):
    scheme, token = call.request.headers["Authorization"].split()
    assert scheme == "Bearer"
    return verify_token(token, secret=SECRET)


def test_calls_are_signed_as_the_monolith_with_both_timeouts(mocked, products):
    mocked.get(PRODUCT_URL, json={"id": PRODUCT_ID, "name": "Mug"})

    assert products.product(product_id=PRODUCT_ID) == {"id": PRODUCT_ID, "name": "Mug"}

    identity = _identity(mocked.calls[0])
    assert (identity.kind, identity.subject) == ("service", "legacy_monolith")
    assert mocked.calls[0].request.req_kwargs["timeout"] == (1.0, 5.0)


def test_calls_for_a_customer_are_signed_as_that_customer(mocked, users):
    mocked.get(f"{BASE}/api/v1/me/", json={"legacy_id": 42})

    users.me(user_id=42)

    identity = _identity(mocked.calls[0])
    assert (identity.kind, identity.subject, identity.legacy_user_id) == ("user", "42", 42)


def test_a_read_is_retried_through_transient_failures(mocked, products):
    mocked.get(PRODUCT_URL, status=503, json=problem(503, "unavailable", "starting"))
    mocked.get(PRODUCT_URL, body=requests.ConnectionError("refused"))
    mocked.get(PRODUCT_URL, json={"id": PRODUCT_ID})

    assert products.product(product_id=PRODUCT_ID) == {"id": PRODUCT_ID}
    assert len(mocked.calls) == 3
    assert all(_identity(call).subject == "legacy_monolith" for call in mocked.calls)


def test_a_read_gives_up_after_its_attempts(mocked, products):
    mocked.get(PRODUCT_URL, body=requests.ConnectTimeout("timed out"))

    with pytest.raises(ServiceUnavailable, match=r"products service: GET .* failed"):
        products.product(product_id=PRODUCT_ID)
    assert len(mocked.calls) == 3


def test_a_write_without_a_key_is_sent_once(mocked, products):
    mocked.patch(PRODUCT_URL, status=502, body="Bad Gateway")

    with pytest.raises(ServiceUnavailable, match="answered 502"):
        products.update_product(product_id=PRODUCT_ID, changes={"name": "Mug"})
    assert len(mocked.calls) == 1


def test_a_keyed_create_is_retried_with_the_same_key(mocked, products):
    url = f"{BASE}/api/v1/products/"
    mocked.post(url, body=requests.ReadTimeout("lost answer"))
    mocked.post(url, status=201, json={"id": PRODUCT_ID})

    created = products.create_product(product={"sku": "M-1"}, idempotency_key="create-M-1")

    assert created == {"id": PRODUCT_ID}
    keys = [call.request.headers["Idempotency-Key"] for call in mocked.calls]
    assert keys == ["create-M-1", "create-M-1"]
    assert json.loads(mocked.calls[1].request.body) == {"sku": "M-1"}


@pytest.mark.parametrize(
    ("status", "code", "error_class"),
    [
        (400, "validation-error", ValidationFailed),
        (422, "unknown-category", ValidationFailed),
        (401, "authentication-failed", ServiceAuthError),
        (403, "permission-denied", PermissionDenied),
        (404, "not-found", NotFound),
        (409, "catalogue-conflict", Conflict),
        (409, "insufficient-stock", InsufficientStock),
        (429, "throttled", ServiceUnavailable),
        (500, "internal-error", ServiceUnavailable),
        (418, "teapot", UnexpectedResponse),
    ],
)
def test_problems_become_typed_errors(mocked, products, status, code, error_class):
    mocked.get(PRODUCT_URL, status=status, json=problem(status, code, "what went wrong"))

    with pytest.raises(error_class) as caught:
        products.product(product_id=PRODUCT_ID)

    assert caught.value.status == status
    assert caught.value.code == code
    assert "what went wrong" in str(caught.value)
    assert str(caught.value).startswith("products service: ")


def test_a_validation_error_names_each_field(mocked, products):
    errors = {"price": ["0.001 has a fraction of a cent"], "lines": [{}, {"quantity": ["> 0"]}]}
    mocked.patch(
        PRODUCT_URL, status=400, json=problem(400, "validation-error", "bad", errors=errors)
    )

    with pytest.raises(ValidationFailed) as caught:
        products.update_product(product_id=PRODUCT_ID, changes={"price": "0.001"})

    assert caught.value.errors == {
        "price": ["0.001 has a fraction of a cent"],
        "lines.1.quantity": ["> 0"],
    }


def test_a_success_that_is_not_json_is_refused(mocked, products):
    mocked.get(PRODUCT_URL, body="<html>proxy error page</html>", status=200)

    with pytest.raises(UnexpectedResponse, match="not JSON"):
        products.product(product_id=PRODUCT_ID)


def test_lists_are_read_page_by_page(mocked, products):
    url = f"{BASE}/api/v1/categories/"
    first = [{"id": str(n), "name": f"C{n}"} for n in range(100)]
    mocked.get(url, json={"count": 101, "next": f"{url}?page=2", "results": first})
    mocked.get(url, json={"count": 101, "next": None, "results": [{"id": "100"}]})

    categories = products.categories(visible=True)

    assert len(categories) == 101
    pages = [call.request.params for call in mocked.calls]
    assert pages == [
        {"visible": "true", "page": "1", "page_size": "100"},
        {"visible": "true", "page": "2", "page_size": "100"},
    ]


def test_filters_left_out_are_not_sent(mocked, products):
    mocked.get(f"{BASE}/api/v1/products/", json={"count": 0, "next": None, "results": []})

    page = products.products(q="", active=True, page=1, page_size=12)

    assert (page.count, page.results, page.has_next) == (0, [], False)
    assert mocked.calls[0].request.params == {"active": "true", "page": "1", "page_size": "12"}


def test_page_bounds_are_checked_before_calling(products):
    with pytest.raises(ValueError, match="page_size must be from 1 to 100"):
        products.products(page_size=500)


def test_urls_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("ORDERS_SERVICE_URL", "http://orders.internal:9000")
    assert config_from_env("orders").base_url == "http://orders.internal:9000"
    monkeypatch.delenv("USERS_SERVICE_URL", raising=False)
    assert config_from_env("users").base_url == "http://127.0.0.1:8011"
    with pytest.raises(ValueError, match="known services: users, products, orders"):
        config_from_env("billing")
    with pytest.raises(ValueError, match="must be an http"):
        ClientConfig(base_url="127.0.0.1:8011")


@responses.activate
def test_the_session_is_kept_between_calls(products):
    responses.get(PRODUCT_URL, json={})
    session = products.session
    products.product(product_id=PRODUCT_ID)
    products.product(product_id=PRODUCT_ID)
    assert products.session is session
