import datetime as dt

import pytest
from django.test import override_settings

from legacy_monolith.factories import OrderFactory, OrderLineFactory, ProductFactory, UserFactory
from legacy_monolith.orders.models import Order, OrderStatus

pytestmark = pytest.mark.django_db


def test_order_detail_has_the_legacy_shape(api, customer):
    order = OrderFactory(
        cust=customer, status=OrderStatus.SHIPPED, ship_addr="1 High St\nLeeds", total_cents=5448
    )
    kettle = ProductFactory(prod_code="KT-1", prod_name="Kettle", price_cents=2499)
    mug = ProductFactory(prod_code="MG-1", prod_name="Mug", price_cents=450)
    OrderLineFactory(order=order, prod=kettle, qty=2)
    OrderLineFactory(order=order, prod=mug, qty=1)
    Order.objects.filter(pk=order.pk).update(
        order_dt=dt.datetime(2024, 11, 30, 23, 59, 58, 999999),
        ship_dt=dt.datetime(2024, 12, 2, 9, 0),
        modified_dt=dt.datetime(2024, 12, 2, 9, 0, 1),
    )

    response = api.get(f"/api/orders/{order.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "order_id": order.pk,
        "cust_id": customer.pk,
        "status": "S",
        "total_cents": 5448,
        "ship_addr": "1 High St\nLeeds",
        "order_dt": "2024-11-30 23:59:58",
        "ship_dt": "2024-12-02 09:00:00",
        "modified_dt": "2024-12-02 09:00:01",
        "lines": [
            {
                "prod_id": kettle.pk,
                "prod_code": "KT-1",
                "prod_name": "Kettle",
                "qty": 2,
                "unit_price_cents": 2499,
                "line_total_cents": 4998,
            },
            {
                "prod_id": mug.pk,
                "prod_code": "MG-1",
                "prod_name": "Mug",
                "qty": 1,
                "unit_price_cents": 450,
                "line_total_cents": 450,
            },
        ],
    }


def test_unshipped_order_has_no_ship_date(api, customer):
    order = OrderFactory(cust=customer)

    assert api.get(f"/api/orders/{order.pk}/").json()["ship_dt"] is None


@pytest.mark.parametrize("order_id", ["someone_elses", 987654, 99999999999999999999])
def test_someone_elses_or_unknown_order_is_a_404(api, order_id):
    if order_id == "someone_elses":
        order_id = OrderFactory(cust=UserFactory()).pk

    response = api.get(f"/api/orders/{order_id}/")

    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "message": f"No order {order_id} on this account",
    }


def test_order_list_shows_only_own_orders_newest_first(api, customer):
    older = OrderFactory(cust=customer)
    newer = OrderFactory(cust=customer)
    OrderFactory(cust=UserFactory())
    Order.objects.filter(pk=older.pk).update(order_dt=dt.datetime(2023, 1, 1, 12, 0))

    response = api.get("/api/orders/")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    assert [o["order_id"] for o in body["results"]] == [newer.pk, older.pk]
    assert {o["cust_id"] for o in body["results"]} == {customer.pk}


@override_settings(LEGACY_SHOP={"PAGE_SIZE": 12, "API_PAGE_SIZE": 3, "CURRENCY": "GBP"})
def test_order_list_pages(api, customer):
    orders = [OrderFactory(cust=customer) for _ in range(7)]
    newest_first = [o.pk for o in reversed(orders)]

    pages = [api.get("/api/orders/", {"page": n}).json() for n in (1, 2, 3)]
    past_the_end = api.get("/api/orders/", {"page": 4})

    assert [(p["count"], p["page"], p["pages"]) for p in pages] == [(7, 1, 3), (7, 2, 3), (7, 3, 3)]
    assert [o["order_id"] for p in pages for o in p["results"]] == newest_first
    assert past_the_end.status_code == 404
    assert past_the_end.json()["message"] == "Page 4 does not exist: there are 3 pages"


def test_order_list_query_count_is_bounded(api, customer, django_assert_max_num_queries):
    for _ in range(15):
        order = OrderFactory(cust=customer)
        OrderLineFactory.create_batch(3, order=order)

    # token, count, page, lines, products: the same for 1 order or 20
    with django_assert_max_num_queries(5):
        response = api.get("/api/orders/")

    assert len(response.json()["results"]) == 15
    assert all(len(o["lines"]) == 3 for o in response.json()["results"])


@pytest.mark.parametrize("url", ["/api/orders/", "/api/orders/1/"])
def test_orders_need_a_login(anon, url):
    response = anon.get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"] == "not_authenticated"
