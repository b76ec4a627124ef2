import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from legacy_monolith.api.errors import legacy_exception_handler
from legacy_monolith.factories import DEFAULT_PASSWORD, ProductFactory, UserFactory
from legacy_monolith.orders.models import Order
from legacy_monolith.orders.services import CheckoutError

pytestmark = pytest.mark.django_db

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _assert_legacy_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert isinstance(body["error"], str)
    assert isinstance(body["message"], str)
    assert body["message"]
    return body


@pytest.mark.parametrize("path", ["/api/", "/api/nope/", "/api/products/abc/", "/api/orders/1/x/"])
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_unknown_endpoint_is_a_json_404(anon, path, method):
    response = getattr(anon, method)(path)

    body = _assert_legacy_error(response, 404)
    assert body == {"error": "not_found", "message": f"No API endpoint at {path}"}


def test_path_without_its_slash_is_a_404_that_says_so(anon):
    response = anon.post("/api/orders", {"lines": []}, format="json")

    body = _assert_legacy_error(response, 404)
    assert (
        body["message"]
        == "No API endpoint at /api/orders; API paths end with a slash: /api/orders/"
    )


def test_malformed_json_is_a_400(api):
    response = api.post("/api/orders/", data='{"lines": [', content_type="application/json")

    body = _assert_legacy_error(response, 400)
    assert body["error"] == "malformed_json"
    assert body["message"].startswith("JSON parse error")


def test_json_nested_too_deeply_is_a_400_not_a_crash(api):
    response = api.post("/api/orders/", data="[" * 100_000, content_type="application/json")

    body = _assert_legacy_error(response, 400)
    assert body == {
        "error": "malformed_json",
        "message": "JSON parse error - the body is nested too deeply",
    }


def test_form_encoded_body_is_a_415(anon):
    UserFactory(username="alice")

    response = anon.post("/api/auth/token/", {"username": "alice", "password": DEFAULT_PASSWORD})

    body = _assert_legacy_error(response, 415)
    assert body["error"] == "unsupported_media_type"
    assert "multipart/form-data" in body["message"]


def test_asking_for_html_is_a_406_answered_in_json(anon):
    response = anon.get("/api/products/", HTTP_ACCEPT="text/html")

    body = _assert_legacy_error(response, 406)
    assert body["error"] == "not_acceptable"


def test_checkout_refused_after_validation_is_a_400_with_the_reason():
    response = legacy_exception_handler(CheckoutError("No longer on sale: product 7"), {})

    assert response is not None
    assert response.status_code == 400
    assert response.data == {"error": "checkout_refused", "message": "No longer on sale: product 7"}


def test_programming_errors_are_not_disguised_as_bad_input():
    assert legacy_exception_handler(ZeroDivisionError("bug"), {}) is None


@pytest.fixture
def product():
    return ProductFactory(qty_on_hand=50)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_json_sent_to_create_order_is_an_order_or_a_clear_4xx(api, customer, product, data):
    prod_ids = st.just(product.pk) | st.integers() | JSON_VALUES
    line = st.fixed_dictionaries(
        {"prod_id": prod_ids, "qty": st.integers(-2, 60) | JSON_VALUES},
        optional={"extra": JSON_VALUES},
    )
    body = data.draw(
        JSON_VALUES
        | st.fixed_dictionaries(
            {"lines": st.lists(line, max_size=3) | JSON_VALUES},
            optional={"ship_addr": st.text(max_size=20) | JSON_VALUES},
        )
    )

    response = api.post("/api/orders/", data=json.dumps(body), content_type="application/json")

    if response.status_code == 201:
        assert Order.objects.filter(pk=response.json()["order_id"], cust=customer).exists()
    else:
        assert response.status_code in (400, 409)
        _assert_legacy_error(response, response.status_code)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.binary(max_size=40))
def test_any_bytes_sent_as_json_are_handled(api, body):
    for url, method in (("/api/account/", "patch"), ("/api/auth/token/", "post")):
        response = getattr(api, method)(url, data=body, content_type="application/json")
        if response.status_code != 200:
            _assert_legacy_error(response, 400)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(q=st.text(max_size=30), cat=st.text(max_size=10), page=st.text(max_size=6))
def test_any_product_query_string_is_a_page_or_a_clear_4xx(q, cat, page):
    response = APIClient().get("/api/products/", {"q": q, "cat": cat, "page": page})

    if response.status_code != 200:
        assert response.status_code in (400, 404)
        _assert_legacy_error(response, response.status_code)


@pytest.mark.parametrize(
    "url",
    [
        "/api/auth/token/",
        "/api/whoami/",
        "/api/products/",
        "/api/categories/",
        "/api/account/",
        "/api/orders/",
    ],
)
def test_options_describes_every_endpoint(api, url):
    response = api.options(url)

    assert response.status_code == 200
    assert response.json()["renders"] == ["application/json"]


@pytest.mark.parametrize(
    "url", ["/api/whoami/", "/api/products/", "/api/categories/", "/api/account/", "/api/orders/"]
)
def test_head_works_wherever_get_does(api, url):
    assert api.head(url).status_code == 200


def test_head_where_there_is_no_get_is_a_405(api):
    response = api.head("/api/auth/token/")

    assert response.status_code == 405
    assert response["Allow"] == "POST, DELETE, OPTIONS"
