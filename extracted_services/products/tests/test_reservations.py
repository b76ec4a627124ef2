import uuid

import pytest

from extracted_services.products.catalogue.models import Reservation
from extracted_services.products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/reservations/"


@pytest.fixture
def saw():
    return ProductFactory(name="Saw", stock=5)


@pytest.fixture
def drill():
    return ProductFactory(name="Drill", stock=2)


def _reserve(client, reservation_id, *lines, **extra):
    body = {
        "reservation_id": str(reservation_id),
        "lines": [{"product_id": str(p.id), "quantity": q} for p, q in lines],
        **extra,
    }
    return client.post(URL, body, format="json")


def _stock(*products):
    for product in products:
        product.refresh_from_db()
    return [product.stock for product in products]


def test_reserving_holds_every_line_and_records_events(service_client, saw, drill, recorded):
    rid = uuid.uuid4()

    response = _reserve(service_client, rid, (saw, 2), (drill, 2))

    assert response.status_code == 201
    body = response.json()
    assert body["id"] == str(rid)
    assert body["order_id"] == str(rid)
    assert body["status"] == "held"
    assert body["released_from"] is None
    assert sorted(line["quantity"] for line in body["lines"]) == [2, 2]
    assert response["Location"].endswith(f"/api/v1/reservations/{rid}/")
    assert _stock(saw, drill) == [3, 0]
    (held,) = recorded("products.reservation.held.v1")
    assert held.data == body
    changes = recorded("products.product.stock_changed.v1")
    assert sorted((e.aggregate_id, e.data["stock_change"]["delta"]) for e in changes) == sorted(
        [(str(saw.id), -2), (str(drill.id), -2)]
    )
    assert {e.data["stock_change"]["reservation_id"] for e in changes} == {str(rid)}


def test_reserving_again_with_the_same_id_holds_the_stock_once(service_client, saw):
    rid = uuid.uuid4()

    first = _reserve(service_client, rid, (saw, 2))
    again = _reserve(service_client, rid, (saw, 2))

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert _stock(saw) == [3]
    assert Reservation.objects.count() == 1


def test_the_same_id_with_other_lines_gets_409(service_client, saw):
    rid = uuid.uuid4()
    _reserve(service_client, rid, (saw, 2))

    response = _reserve(service_client, rid, (saw, 3))

    assert response.status_code == 409
    assert response.json()["type"].endswith("/reservation-conflict")
    assert _stock(saw) == [3]


def test_a_second_reservation_for_one_order_gets_409(service_client, saw):
    order_id = uuid.uuid4()
    _reserve(service_client, uuid.uuid4(), (saw, 1), order_id=str(order_id))

    response = _reserve(service_client, uuid.uuid4(), (saw, 1), order_id=str(order_id))

    assert response.status_code == 409
    assert f"order {order_id} already has reservation" in response.json()["detail"]
    assert _stock(saw) == [4]


def test_not_enough_stock_for_one_line_reserves_nothing(service_client, saw, drill, recorded):
    response = _reserve(service_client, uuid.uuid4(), (saw, 2), (drill, 3))

    assert response.status_code == 409
    body = response.json()
    assert body["type"].endswith("/insufficient-stock")
    assert body["shortages"] == [{"product_id": str(drill.id), "wanted": 3, "available": 2}]
    assert _stock(saw, drill) == [5, 2]
    assert not Reservation.objects.exists()
    assert not recorded("products.product.stock_changed.v1")


def test_an_unknown_product_gets_422_and_reserves_nothing(service_client, saw):
    ghost = uuid.uuid4()
    body = {
        "reservation_id": str(uuid.uuid4()),
        "lines": [
            {"product_id": str(saw.id), "quantity": 1},
            {"product_id": str(ghost), "quantity": 1},
        ],
    }

    response = service_client.post(URL, body, format="json")

    assert response.status_code == 422
    assert response.json()["product_ids"] == [str(ghost)]
    assert _stock(saw) == [5]


def test_a_product_not_on_sale_cannot_be_reserved(service_client):
    gone = ProductFactory(active=False, stock=5)

    response = _reserve(service_client, uuid.uuid4(), (gone, 1))

    assert response.status_code == 409
    assert response.json()["type"].endswith("/product-not-on-sale")
    assert _stock(gone) == [5]


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([], "lines"),
        ([{"product_id": "not-a-uuid", "quantity": 1}], "lines"),
        ([{"product_id": str(uuid.UUID(int=1)), "quantity": 0}], "lines"),
    ],
)
def test_a_malformed_reservation_gets_400(service_client, lines, field):
    response = service_client.post(
        URL, {"reservation_id": str(uuid.uuid4()), "lines": lines}, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_product_named_twice_gets_400(service_client, saw):
    response = _reserve(service_client, uuid.uuid4(), (saw, 1), (saw, 1))

    assert response.status_code == 400
    assert "name each product once" in response.json()["errors"]["lines"][0]
    assert _stock(saw) == [5]


def test_confirming_makes_a_sale_and_is_idempotent(service_client, saw, recorded):
    rid = uuid.uuid4()
    _reserve(service_client, rid, (saw, 2))

    first = service_client.post(f"{URL}{rid}/confirm/")
    again = service_client.post(f"{URL}{rid}/confirm/")

    assert first.status_code == again.status_code == 200
    assert again.json()["status"] == "confirmed"
    assert Reservation.objects.get().status == "confirmed"
    assert _stock(saw) == [3]
    assert len(recorded("products.reservation.confirmed.v1")) == 1
    stock = service_client.get(f"/api/v1/products/{saw.id}/stock/").json()
    assert (stock["held"], stock["confirmed"]) == (0, 2)


def test_confirming_an_unknown_reservation_gets_404(service_client):
    response = service_client.post(f"{URL}{uuid.uuid4()}/confirm/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_releasing_a_held_reservation_gives_the_stock_back_once(service_client, saw, recorded):
    rid = uuid.uuid4()
    _reserve(service_client, rid, (saw, 2))

    first = service_client.post(f"{URL}{rid}/release/")
    again = service_client.post(f"{URL}{rid}/release/")

    assert first.status_code == again.status_code == 200
    assert first.json()["status"] == "released"
    assert first.json()["previous_status"] == "held"
    assert first.json()["released_from"] == "held"
    assert again.json()["previous_status"] == "released"
    assert _stock(saw) == [5]
    assert len(recorded("products.reservation.released.v1")) == 1


def test_releasing_a_confirmed_reservation_gives_the_stock_back_and_says_so(service_client, saw):
    rid = uuid.uuid4()
    _reserve(service_client, rid, (saw, 2))
    service_client.post(f"{URL}{rid}/confirm/")

    response = service_client.post(f"{URL}{rid}/release/")

    assert response.json()["previous_status"] == "confirmed"
    assert response.json()["released_from"] == "confirmed"
    assert _stock(saw) == [5]


def test_a_released_reservation_can_be_neither_confirmed_nor_reused(service_client, saw):
    rid = uuid.uuid4()
    _reserve(service_client, rid, (saw, 2))
    service_client.post(f"{URL}{rid}/release/")

    confirm = service_client.post(f"{URL}{rid}/confirm/")
    reuse = _reserve(service_client, rid, (saw, 2))

    assert confirm.status_code == reuse.status_code == 409
    assert confirm.json()["type"].endswith("/reservation-released")
    assert _stock(saw) == [5]


def test_releasing_an_unknown_reservation_closes_its_id(service_client, saw):
    rid = uuid.uuid4()

    release = service_client.post(f"{URL}{rid}/release/")
    late_reserve = _reserve(service_client, rid, (saw, 1))

    assert release.status_code == 200
    assert release.json()["previous_status"] is None
    assert release.json()["lines"] == []
    assert late_reserve.status_code == 409
    assert _stock(saw) == [5]


def test_reservations_are_listed_and_filtered_by_order(service_client, saw):
    order_id = uuid.uuid4()
    _reserve(service_client, uuid.uuid4(), (saw, 1), order_id=str(order_id))
    _reserve(service_client, uuid.uuid4(), (saw, 1))

    mine = service_client.get(URL, {"order_id": str(order_id)}).json()
    held = service_client.get(URL, {"status": "held"}).json()

    assert [r["order_id"] for r in mine["results"]] == [str(order_id)]
    assert held["count"] == 2
    assert service_client.get(URL, {"status": "lost"}).status_code == 400


def test_customers_and_anonymous_callers_cannot_touch_reservations(
    customer_client, anonymous_client, saw
):
    rid = uuid.uuid4()

    assert _reserve(customer_client, rid, (saw, 1)).status_code == 403
    assert _reserve(anonymous_client, rid, (saw, 1)).status_code == 401
    assert customer_client.post(f"{URL}{rid}/release/").status_code == 403
    assert _stock(saw) == [5]
