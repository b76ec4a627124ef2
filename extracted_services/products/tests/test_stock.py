import pytest

from extracted_services.products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _url(product, tail=""):
    return f"/api/v1/products/{product.id}/stock/{tail}"


def test_anyone_signed_in_reads_a_products_stock(customer_client):
    product = ProductFactory(stock=7)

    response = customer_client.get(_url(product))

    assert response.json() == {
        "product_id": str(product.id),
        "sku": product.sku,
        "stock": 7,
        "held": 0,
        "confirmed": 0,
    }


def test_staff_set_the_stock_after_a_count(staff_client, recorded):
    product = ProductFactory(stock=7)

    response = staff_client.put(_url(product), {"stock": 3}, format="json")

    assert response.status_code == 200
    assert response.json()["stock"] == 3
    product.refresh_from_db()
    assert product.stock == 3
    (event,) = recorded("products.product.stock_changed.v1")
    assert event.data["stock"] == 3
    assert event.data["stock_change"] == {
        "delta": -4,
        "reason": "set",
        "note": "",
        "reservation_id": None,
    }


def test_setting_negative_stock_gets_400(staff_client):
    product = ProductFactory(stock=7)

    response = staff_client.put(_url(product), {"stock": -1}, format="json")

    assert response.status_code == 400
    product.refresh_from_db()
    assert product.stock == 7


def test_customers_cannot_set_stock(customer_client):
    product = ProductFactory(stock=7)

    assert customer_client.put(_url(product), {"stock": 99}, format="json").status_code == 403
    product.refresh_from_db()
    assert product.stock == 7


def test_a_delivery_adds_to_the_stock(service_client, recorded):
    product = ProductFactory(stock=7)

    response = service_client.post(
        _url(product, "adjustments/"), {"delta": 5, "reason": "delivery 1234"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["stock"] == 12
    (event,) = recorded("products.product.stock_changed.v1")
    assert event.data["stock_change"]["note"] == "delivery 1234"
    assert event.data["stock_change"]["reason"] == "adjusted"


def test_taking_more_than_there_is_gets_409_and_changes_nothing(service_client, recorded):
    product = ProductFactory(stock=7)

    response = service_client.post(
        _url(product, "adjustments/"), {"delta": -8, "reason": "write-off"}, format="json"
    )

    assert response.status_code == 409
    assert "only 7 left" in response.json()["detail"]
    product.refresh_from_db()
    assert product.stock == 7
    assert not recorded("products.product.stock_changed.v1")


def test_adding_past_the_largest_count_gets_409_and_changes_nothing(service_client, recorded):
    product = ProductFactory(stock=7)

    response = service_client.post(
        _url(product, "adjustments/"), {"delta": 2**31 - 1, "reason": "typo"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["type"].endswith("/stock-out-of-range")
    product.refresh_from_db()
    assert product.stock == 7
    assert not recorded("products.product.stock_changed.v1")


def test_a_zero_adjustment_gets_400(service_client):
    product = ProductFactory(stock=7)

    response = service_client.post(
        _url(product, "adjustments/"), {"delta": 0, "reason": "nothing"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"delta": ["must not be 0"]}


def test_a_retried_adjustment_with_the_same_key_is_applied_once(service_client):
    product = ProductFactory(stock=7)
    body = {"delta": 5, "reason": "delivery 1234"}

    first = service_client.post(
        _url(product, "adjustments/"), body, format="json", HTTP_IDEMPOTENCY_KEY="dlv-1234"
    )
    again = service_client.post(
        _url(product, "adjustments/"), body, format="json", HTTP_IDEMPOTENCY_KEY="dlv-1234"
    )

    assert first.json()["stock"] == again.json()["stock"] == 12
    product.refresh_from_db()
    assert product.stock == 12


def test_stock_of_an_unknown_product_gets_404(service_client):
    response = service_client.get("/api/v1/products/00000000-0000-0000-0000-000000000000/stock/")

    assert response.status_code == 404
