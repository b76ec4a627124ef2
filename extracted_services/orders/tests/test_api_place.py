"""POST /api/v1/orders/: placing through the API, with Idempotency-Key, refusals and auth."""

from __future__ import annotations

import uuid

import pytest

from extracted_services.orders.ordering.models import Order, OrderStatus
from extracted_services.service_defaults.testing import client_as, customer_identity

from .factories import ADDRESS, CustomerSnapshotFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/orders/"


def order_body(*products_and_quantities, **extra) -> dict:
    return {
        "lines": [
            {"product_id": str(product.id), "quantity": quantity}
            for product, quantity in products_and_quantities
        ],
        "shipping_address": ADDRESS,
        **extra,
    }


def test_a_customer_places_an_order_and_gets_it_back_placed(
    customer_client, customer, api_stock, teapot, mug
):
    response = customer_client.post(URL, order_body((teapot, 2), (mug, 1)), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    order = Order.objects.get()
    assert body["id"] == str(order.id)
    assert response["Location"] == f"/api/v1/orders/{order.id}/"
    assert body["status"] == "placed" == order.status
    assert body["customer_id"] == str(customer.id)
    assert body["customer_legacy_id"] == customer.legacy_id
    assert body["total"] == {"amount": "56.25", "currency": "GBP"}
    assert body["shipping_address"] == ADDRESS
    lines = {line["name"]: line for line in body["lines"]}
    assert lines["Brown Betty teapot"]["unit_price"] == {"amount": "24.50", "currency": "GBP"}
    assert lines["Brown Betty teapot"]["total"] == {"amount": "49.00", "currency": "GBP"}
    assert body["placed_at"].endswith("Z")
    assert api_stock.on_hand[teapot.id] == 3


def test_the_same_idempotency_key_places_one_order_and_replays_the_answer(
    customer_client, api_stock, teapot
):
    headers = {"Idempotency-Key": "checkout-7f3a"}
    first = customer_client.post(URL, order_body((teapot, 1)), format="json", headers=headers)
    again = customer_client.post(URL, order_body((teapot, 1)), format="json", headers=headers)

    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["status"] == "placed"
    assert Order.objects.count() == 1
    assert api_stock.on_hand[teapot.id] == 4
    assert [name for name, _ in api_stock.calls] == ["reserve", "confirm"]


def test_an_idempotency_key_reused_for_another_order_is_refused(
    customer_client, api_stock, teapot, mug
):
    headers = {"Idempotency-Key": "checkout-1"}
    customer_client.post(URL, order_body((teapot, 1)), format="json", headers=headers)
    response = customer_client.post(URL, order_body((mug, 1)), format="json", headers=headers)

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert Order.objects.count() == 1


def test_not_enough_stock_answers_409_with_the_rejected_order(customer_client, api_stock, teapot):
    response = customer_client.post(URL, order_body((teapot, 6)), format="json")

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/order-rejected")
    assert "not enough stock" in problem["detail"]
    assert problem["order"]["status"] == "rejected"
    order = Order.objects.get()
    assert (order.status, order.rejection_reason) == (OrderStatus.REJECTED, problem["detail"])
    assert api_stock.held_quantity(teapot.id) == 0


def test_with_the_products_service_down_the_order_is_accepted_as_pending(
    customer_client, api_stock, teapot
):
    api_stock.down = True

    response = customer_client.post(URL, order_body((teapot, 1)), format="json")

    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    assert response["Location"] == f"/api/v1/orders/{response.json()['id']}/"
    assert Order.objects.get().status == OrderStatus.PENDING


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"lines": []}, {"lines": {"non_field_errors": ["This list may not be empty."]}}),
        (
            {"lines": [{"product_id": "nope", "quantity": 0}]},
            {
                "lines": {
                    "0": {
                        "product_id": ["Must be a valid UUID."],
                        "quantity": ["Ensure this value is greater than or equal to 1."],
                    }
                }
            },
        ),
        (
            {"shipping_address": {**ADDRESS, "postcode": "90210"}},
            {"shipping_address": {"postcode": ["'90210' is not a UK postcode such as 'SW1A 1AA'"]}},
        ),
        (
            {"shipping_address": {"unparsed": "somewhere"}},
            {
                "shipping_address": {
                    "lines": ["this field is required"],
                    "city": ["this field is required"],
                    "postcode": ["this field is required"],
                    "country": ["this field is required"],
                    "unparsed": ["unknown field; a new order needs a structured address"],
                }
            },
        ),
        (
            {"shipping_address": {**ADDRESS, "city": " London"}},
            {
                "shipping_address": {
                    "city": [
                        "' London' must be one line of text, not blank, "
                        "without leading or trailing spaces"
                    ]
                }
            },
        ),
    ],
)
def test_a_malformed_request_is_a_400_naming_the_field(
    customer_client, api_stock, teapot, change, errors
):
    response = customer_client.post(URL, {**order_body((teapot, 1)), **change}, format="json")

    assert response.status_code == 400
    problem = response.json()
    assert problem["type"].endswith("/validation-error")
    assert problem["errors"] == errors
    assert Order.objects.count() == 0


def test_a_loosely_typed_postcode_is_stored_in_standard_form(customer_client, api_stock, teapot):
    body = {**order_body((teapot, 1)), "shipping_address": {**ADDRESS, "postcode": "sw1a1aa"}}

    response = customer_client.post(URL, body, format="json")

    assert response.status_code == 201
    assert response.json()["shipping_address"]["postcode"] == "SW1A 1AA"
    assert Order.objects.get().shipping_address == ADDRESS


def test_an_unknown_product_is_a_400_naming_it(customer_client, api_stock):
    stranger = uuid.uuid4()
    response = customer_client.post(
        URL,
        {"lines": [{"product_id": str(stranger), "quantity": 1}], "shipping_address": ADDRESS},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["lines"] == [
        f"no product {stranger} is known to the orders service"
    ]


def test_a_customer_cannot_order_for_someone_else(customer_client, api_stock, teapot):
    other = CustomerSnapshotFactory()
    response = customer_client.post(
        URL, order_body((teapot, 1), customer_id=str(other.id)), format="json"
    )
    assert response.status_code == 403
    assert Order.objects.count() == 0


def test_a_customer_the_service_has_not_heard_of_yet_gets_a_409(api_stock, teapot):
    response = client_as(customer_identity(999_999)).post(
        URL, order_body((teapot, 1)), format="json"
    )
    assert response.status_code == 409
    assert response.json()["type"].endswith("/customer-not-known")


def test_a_service_orders_for_the_customer_it_names(service_client, customer, api_stock, teapot):
    missing = service_client.post(URL, order_body((teapot, 1)), format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"]["customer_id"] == ["required when ordering for a customer"]

    response = service_client.post(
        URL, order_body((teapot, 1), customer_id=str(customer.id)), format="json"
    )
    assert response.status_code == 201
    assert Order.objects.get().customer_id == customer.id


def test_no_token_or_a_forged_one_is_401(anonymous_client, api_stock, teapot):
    assert anonymous_client.post(URL, order_body((teapot, 1)), format="json").status_code == 401
    forged = anonymous_client.post(
        URL, order_body((teapot, 1)), format="json", headers={"Authorization": "Bearer not.a.token"}
    )
    assert forged.status_code == 401
    assert forged["Content-Type"] == "application/problem+json"
    assert Order.objects.count() == 0
