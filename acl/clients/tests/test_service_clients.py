"""Each client's endpoints, bodies and the errors its callers branch on."""

import json

import pytest

from acl.clients import Conflict, InsufficientStock, ServiceAuthError, ValidationFailed

from .conftest import BASE, problem

ORDER_ID = "0b6e3c2a-0000-4000-8000-0000000000aa"
PRODUCT_ID = "6f1c2d3e-0000-4000-8000-000000000001"
ADDRESS = {"lines": ["1 High St"], "city": "Leeds", "postcode": "LS1 4AP", "country": None}


def test_update_me_sends_clean_changes_as_the_customer(mocked, users):
    mocked.patch(f"{BASE}/api/v1/me/", json={"legacy_id": 7, "phone": "0113 496 0000"})

    changed = users.update_me(user_id=7, changes={"phone": "0113 496 0000"})

    assert changed["phone"] == "0113 496 0000"
    assert json.loads(mocked.calls[0].request.body) == {"phone": "0113 496 0000"}


def test_a_taken_email_is_a_conflict_with_field_errors(mocked, users):
    errors = {"email": ["a customer with this email already exists"]}
    mocked.patch(
        f"{BASE}/api/v1/me/",
        status=409,
        json=problem(409, "customer-conflict", "taken", errors=errors),
    )

    with pytest.raises(Conflict) as caught:
        users.update_me(user_id=7, changes={"email": "bob@example.com"})
    assert caught.value.code == "customer-conflict"
    assert caught.value.body["errors"] == errors


def test_wrong_credentials_are_none_but_a_refused_token_is_an_error(mocked, users):
    url = f"{BASE}/api/v1/credentials/check/"
    mocked.post(url, status=401, json=problem(401, "invalid-credentials", "wrong"))
    assert users.check_credentials(username="alice", password="nope") is None

    mocked.replace("POST", url, status=401, json=problem(401, "authentication-failed", "expired"))
    with pytest.raises(ServiceAuthError, match="check SERVICE_TOKEN_SECRET"):
        users.check_credentials(username="alice", password="nope")


def test_customer_by_legacy_id_asks_for_one(mocked, users):
    mocked.get(
        f"{BASE}/api/v1/customers/", json={"count": 1, "next": None, "results": [{"id": "c"}]}
    )
    assert users.customer_by_legacy_id(legacy_id=9) == {"id": "c"}
    assert mocked.calls[0].request.params == {"legacy_id": "9", "page": "1", "page_size": "1"}


def test_product_by_legacy_id_is_none_when_absent(mocked, products):
    mocked.get(f"{BASE}/api/v1/products/", json={"count": 0, "next": None, "results": []})
    assert products.product_by_legacy_id(legacy_id=5, active=True) is None
    assert mocked.calls[0].request.params["active"] == "true"


def test_place_sends_lines_address_and_key_as_the_customer(mocked, orders):
    mocked.post(f"{BASE}/api/v1/orders/", status=201, json={"id": ORDER_ID, "status": "placed"})

    placed = orders.place(
        user_id=3,
        lines=[{"product_id": PRODUCT_ID, "quantity": 2}],
        shipping_address=ADDRESS,
        idempotency_key="checkout-1",
    )

    assert placed == {"id": ORDER_ID, "status": "placed"}
    request = mocked.calls[0].request
    assert request.headers["Idempotency-Key"] == "checkout-1"
    assert json.loads(request.body) == {
        "lines": [{"product_id": PRODUCT_ID, "quantity": 2}],
        "shipping_address": ADDRESS,
    }


def test_a_rejected_order_is_insufficient_stock_carrying_the_order(mocked, orders):
    rejected = {"id": ORDER_ID, "status": "rejected", "lines": []}
    mocked.post(
        f"{BASE}/api/v1/orders/",
        status=409,
        json=problem(409, "order-rejected", "not enough stock for Mug", order=rejected),
    )

    with pytest.raises(InsufficientStock) as caught:
        orders.place(
            user_id=3,
            lines=[{"product_id": PRODUCT_ID, "quantity": 99}],
            shipping_address=ADDRESS,
            idempotency_key="checkout-2",
        )
    assert caught.value.order == rejected
    assert caught.value.detail == "not enough stock for Mug"
    assert len(mocked.calls) == 1  # a refusal is an answer, not a failure to retry


def test_an_invalid_order_names_the_lines(mocked, orders):
    errors = {"lines": ["no product 6f1c… is known to the orders service"]}
    mocked.post(
        f"{BASE}/api/v1/orders/",
        status=400,
        json=problem(400, "validation-error", "invalid value for lines", errors=errors),
    )
    with pytest.raises(ValidationFailed) as caught:
        orders.place(user_id=3, lines=[], shipping_address=ADDRESS, idempotency_key="k")
    assert caught.value.errors == errors


def test_cancel_is_retried_because_repeating_it_changes_nothing(mocked, orders):
    url = f"{BASE}/api/v1/orders/{ORDER_ID}/cancel/"
    mocked.post(url, status=503, json=problem(503, "unavailable", "busy"))
    mocked.post(url, json={"id": ORDER_ID, "status": "cancelled"})

    assert orders.cancel(order_id=ORDER_ID, user_id=3)["status"] == "cancelled"
    assert len(mocked.calls) == 2


def test_orders_of_a_customer_are_listed_as_that_customer(mocked, orders):
    mocked.get(
        f"{BASE}/api/v1/orders/", json={"count": 1, "next": None, "results": [{"id": ORDER_ID}]}
    )
    page = orders.orders(user_id=3, page=1, page_size=12)
    assert (page.count, [o["id"] for o in page.results]) == (1, [ORDER_ID])
    assert mocked.calls[0].request.params == {"page": "1", "page_size": "12"}
