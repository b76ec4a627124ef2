"""Listing, reading, cancelling, shipping and delivering orders through the API, with who may do what."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from extracted_services.orders.ordering.models import Order, OrderStatus
from extracted_services.orders.ordering.services import order_mark_shipped
from extracted_services.service_defaults.testing import client_as, customer_identity

from .factories import CustomerSnapshotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def someone_elses_order(place, teapot) -> Order:
    other = CustomerSnapshotFactory()
    return place({teapot: 1}, customer_id=other.id)


def ids(response) -> set[str]:
    return {order["id"] for order in response.json()["results"]}


def test_a_customer_lists_only_their_own_orders(
    customer_client, place, teapot, someone_elses_order
):
    mine = [place({teapot: 1}), place({teapot: 1})]

    response = customer_client.get("/api/v1/orders/")

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert ids(response) == {str(order.id) for order in mine}


def test_staff_and_services_list_everyone_and_filter_by_customer(
    staff_client, service_client, place, teapot, customer, someone_elses_order
):
    mine = place({teapot: 1})

    assert staff_client.get("/api/v1/orders/").json()["count"] == 2
    filtered = service_client.get("/api/v1/orders/", {"customer_id": str(customer.id)})
    assert ids(filtered) == {str(mine.id)}


def test_orders_filter_by_status_and_legacy_id(staff_client, place, stock, teapot):
    shipped = order_mark_shipped(order_id=place({teapot: 1}).id)
    placed = place({teapot: 1})
    Order.objects.filter(pk=placed.pk).update(legacy_id=4321)

    assert ids(staff_client.get("/api/v1/orders/", {"status": "shipped"})) == {str(shipped.id)}
    assert ids(staff_client.get("/api/v1/orders/", {"legacy_id": 4321})) == {str(placed.id)}
    assert ids(staff_client.get("/api/v1/orders/", {"has_legacy_id": "true"})) == {str(placed.id)}
    assert ids(staff_client.get("/api/v1/orders/", {"has_legacy_id": "false"})) == {str(shipped.id)}


def test_a_bad_filter_or_page_size_is_a_400_saying_what_is_allowed(staff_client):
    response = staff_client.get("/api/v1/orders/", {"status": "N"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    response = staff_client.get("/api/v1/orders/", {"page_size": 1000})
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


def test_the_list_is_paginated_newest_first_in_a_flat_number_of_queries(
    staff_client, place, teapot, mug
):
    orders = [place({teapot: 1, mug: 1}) for _ in range(4)]

    with CaptureQueriesContext(connection) as few:
        first_page = staff_client.get("/api/v1/orders/", {"page_size": 2})
    orders += [place({mug: 1}) for _ in range(3)]
    with CaptureQueriesContext(connection) as more:
        staff_client.get("/api/v1/orders/", {"page_size": 7})

    body = first_page.json()
    assert body["count"] == 4
    assert [order["id"] for order in body["results"]] == [str(orders[3].id), str(orders[2].id)]
    assert body["next"].endswith("page=2&page_size=2")
    assert len(more) == len(few)


def test_a_customer_reads_their_order_but_not_someone_elses(
    customer_client, place, teapot, someone_elses_order
):
    mine = place({teapot: 2})

    response = customer_client.get(f"/api/v1/orders/{mine.id}/")
    assert response.status_code == 200
    assert response.json()["lines"][0]["quantity"] == 2

    hidden = customer_client.get(f"/api/v1/orders/{someone_elses_order.id}/")
    assert hidden.status_code == 404
    assert hidden["Content-Type"] == "application/problem+json"


def test_an_order_that_does_not_exist_is_404(staff_client):
    response = staff_client.get(f"/api/v1/orders/{uuid.uuid4()}/")
    assert response.status_code == 404
    assert staff_client.get("/api/v1/orders/not-a-uuid/").status_code == 404


def test_every_order_endpoint_needs_a_token(anonymous_client, someone_elses_order):
    order_url = f"/api/v1/orders/{someone_elses_order.id}/"
    for method, url in [
        ("get", "/api/v1/orders/"),
        ("get", order_url),
        ("post", order_url + "cancel/"),
        ("post", order_url + "ship/"),
        ("post", order_url + "deliver/"),
        ("put", order_url + "legacy-id/"),
    ]:
        response = getattr(anonymous_client, method)(url)
        assert response.status_code == 401, (method, url)
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert Order.objects.get().status == OrderStatus.PLACED


def test_a_customer_cancels_their_order_and_the_stock_goes_back(
    customer_client, api_stock, place, teapot
):
    order = place({teapot: 3})
    assert api_stock.on_hand[teapot.id] == 2

    response = customer_client.post(f"/api/v1/orders/{order.id}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancelled_at"] is not None
    assert Order.objects.get(pk=order.id).status == OrderStatus.CANCELLED
    assert api_stock.on_hand[teapot.id] == 5


def test_a_customer_cannot_cancel_someone_elses_order(
    customer_client, api_stock, someone_elses_order
):
    response = customer_client.post(f"/api/v1/orders/{someone_elses_order.id}/cancel/")
    assert response.status_code == 404
    assert Order.objects.get(pk=someone_elses_order.id).status == OrderStatus.PLACED


def test_a_shipped_order_cannot_be_cancelled(staff_client, api_stock, place, teapot):
    order = order_mark_shipped(order_id=place({teapot: 1}).id)

    response = staff_client.post(f"/api/v1/orders/{order.id}/cancel/")

    assert response.status_code == 409
    assert response.json()["type"].endswith("/order-state-conflict")
    assert "is shipped and cannot be cancelled" in response.json()["detail"]
    assert response.json()["order_status"] == "shipped"
    assert api_stock.on_hand[teapot.id] == 4


def test_only_staff_and_services_ship_and_deliver(
    customer_client, staff_client, service_client, place, teapot
):
    order = place({teapot: 1})

    refused = customer_client.post(f"/api/v1/orders/{order.id}/ship/")
    assert refused.status_code == 403
    assert Order.objects.get(pk=order.id).status == OrderStatus.PLACED

    shipped = staff_client.post(f"/api/v1/orders/{order.id}/ship/")
    assert shipped.status_code == 200
    assert shipped.json()["status"] == "shipped" and shipped.json()["shipped_at"]

    delivered = service_client.post(f"/api/v1/orders/{order.id}/deliver/")
    assert delivered.status_code == 200
    assert Order.objects.get(pk=order.id).status == OrderStatus.DELIVERED

    again = staff_client.post(f"/api/v1/orders/{order.id}/ship/")
    assert again.status_code == 409
    assert staff_client.post(f"/api/v1/orders/{uuid.uuid4()}/ship/").status_code == 404


def test_only_services_link_a_legacy_id(service_client, staff_client, place, teapot):
    order = place({teapot: 1})
    url = f"/api/v1/orders/{order.id}/legacy-id/"

    assert staff_client.put(url, {"legacy_id": 812}, format="json").status_code == 403
    bad = service_client.put(url, {"legacy_id": 0}, format="json")
    assert bad.status_code == 400 and "legacy_id" in bad.json()["errors"]

    response = service_client.put(url, {"legacy_id": 812}, format="json")
    assert response.status_code == 200
    assert response.json()["legacy_id"] == 812
    assert Order.objects.get(pk=order.id).legacy_id == 812
    conflict = service_client.put(url, {"legacy_id": 813}, format="json")
    assert conflict.status_code == 409


def test_a_customer_unknown_to_the_service_sees_no_orders(someone_elses_order):
    response = client_as(customer_identity(424242)).get("/api/v1/orders/")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_the_schema_and_health_checks_are_public(anonymous_client):
    schema = anonymous_client.get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/orders/", "/api/v1/orders/{order_id}/cancel/"} <= set(paths)
    assert set(paths["/api/v1/orders/"]["post"]["responses"]) >= {"201", "202", "400", "409"}
    assert anonymous_client.get("/health/live").status_code == 200
