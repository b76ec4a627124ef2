from decimal import Decimal

import pytest

from extracted_services.products.catalogue.models import Product
from extracted_services.products.tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/products/"


@pytest.fixture
def tools():
    return CategoryFactory(name="Tools", slug="tools", legacy_id=7)


def _new(category, **extra):
    return {
        "sku": "HAM-001",
        "name": "Claw hammer",
        "description": "Drop-forged steel.",
        "price": {"amount": "19.99", "currency": "GBP"},
        "stock": 12,
        "category_id": str(category.id),
        **extra,
    }


def _names(client, **params):
    return [p["name"] for p in client.get(URL, params).json()["results"]]


def test_a_product_reads_in_the_clean_vocabulary(customer_client, tools):
    product = ProductFactory(name="Saw", category=tools, price_amount=Decimal("8.50"), legacy_id=3)

    body = customer_client.get(f"{URL}{product.id}/").json()

    assert body == {
        "id": str(product.id),
        "legacy_id": 3,
        "sku": product.sku,
        "name": "Saw",
        "description": "A fine product.",
        "price": {"amount": "8.50", "currency": "GBP"},
        "stock": 10,
        "category_id": str(tools.id),
        "category_legacy_id": 7,
        "category_name": "Tools",
        "active": True,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert body["created_at"].endswith("Z")


def test_search_matches_name_sku_and_description(customer_client):
    ProductFactory(name="Claw hammer", sku="HAM-1")
    ProductFactory(name="Saw", description="cuts wood, not a hammer")
    ProductFactory(name="Drill", sku="DRL-HAMMER")
    ProductFactory(name="Tape")

    assert _names(customer_client, q="hammer") == ["Claw hammer", "Drill", "Saw"]
    assert _names(customer_client, q="tape") == ["Tape"]


def test_products_filter_by_category_id_or_slug(customer_client, tools):
    ProductFactory(name="Saw", category=tools)
    ProductFactory(name="Novel")

    assert _names(customer_client, category=str(tools.id)) == ["Saw"]
    assert _names(customer_client, category="tools") == ["Saw"]


def test_customers_see_only_products_on_sale_and_staff_filter_by_active(
    customer_client, staff_client
):
    ProductFactory(name="Saw")
    gone = ProductFactory(name="Old saw", active=False)

    assert _names(customer_client) == ["Saw"]
    assert _names(staff_client) == ["Old saw", "Saw"]
    assert _names(staff_client, active="false") == ["Old saw"]
    assert customer_client.get(URL, {"active": "false"}).status_code == 403
    assert customer_client.get(f"{URL}{gone.id}/").status_code == 404
    assert staff_client.get(f"{URL}{gone.id}/").status_code == 200


def test_products_filter_by_sku_and_legacy_id(service_client):
    ProductFactory(name="Saw", sku="SAW-1", legacy_id=100)
    ProductFactory(name="Drill", legacy_id=101)

    assert _names(service_client, sku="SAW-1") == ["Saw"]
    assert _names(service_client, legacy_id=101) == ["Drill"]


def test_the_list_is_paginated_with_a_constant_number_of_queries(
    customer_client, django_assert_max_num_queries
):
    ProductFactory.create_batch(25)

    with django_assert_max_num_queries(2):
        first = customer_client.get(URL).json()
    second = customer_client.get(URL, {"page": 2}).json()

    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert len(second["results"]) == 5
    assert second["next"] is None


def test_a_bad_filter_gets_400(customer_client):
    response = customer_client.get(URL, {"legacy_id": "abc", "page_size": "1000"})

    assert response.status_code == 400


def test_staff_create_a_product_and_an_event_carries_it(staff_client, tools, recorded):
    response = staff_client.post(URL, _new(tools), format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["price"] == {"amount": "19.99", "currency": "GBP"}
    assert body["stock"] == 12
    assert body["category_legacy_id"] == 7
    stored = Product.objects.get(sku="HAM-001")
    assert stored.price_amount == Decimal("19.99")
    (event,) = recorded("products.product.created.v1")
    assert event.aggregate_id == body["id"]
    assert event.data == body


@pytest.mark.parametrize(
    ("price", "says"),
    [
        ({"amount": 19.99, "currency": "GBP"}, "decimal string"),
        ({"amount": "19.999", "currency": "GBP"}, "fraction of a cent"),
        ({"amount": "19.99", "currency": "USD"}, "GBP only"),
        ({"amount": "-1.00", "currency": "GBP"}, "negative"),
        ("19.99", "expected"),
    ],
)
def test_a_price_the_shop_cannot_hold_gets_400(staff_client, tools, price, says):
    response = staff_client.post(URL, _new(tools, price=price), format="json")

    assert response.status_code == 400
    assert says in response.json()["errors"]["price"][0]
    assert not Product.objects.exists()


def test_an_unknown_category_gets_422(staff_client):
    class Missing:
        id = "00000000-0000-0000-0000-000000000001"

    response = staff_client.post(URL, _new(Missing), format="json")

    assert response.status_code == 422
    assert response.json()["errors"]["category_id"] == [f"there is no category {Missing.id}"]


def test_a_taken_sku_gets_409(staff_client, tools):
    ProductFactory(sku="HAM-001")

    response = staff_client.post(URL, _new(tools), format="json")

    assert response.status_code == 409
    assert response.json()["errors"] == {"sku": ["another product already has sku HAM-001"]}


def test_a_retried_create_with_the_same_key_creates_one_product(service_client, tools, recorded):
    first = service_client.post(URL, _new(tools), format="json", HTTP_IDEMPOTENCY_KEY="p-1")
    again = service_client.post(URL, _new(tools), format="json", HTTP_IDEMPOTENCY_KEY="p-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Product.objects.count() == 1
    assert len(recorded("products.product.created.v1")) == 1


def test_staff_change_a_price_and_the_event_names_it(staff_client, recorded):
    product = ProductFactory()

    response = staff_client.patch(
        f"{URL}{product.id}/", {"price": {"amount": "9.99", "currency": "GBP"}}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["price"]["amount"] == "9.99"
    product.refresh_from_db()
    assert product.price_amount == Decimal("9.99")
    (event,) = recorded("products.product.updated.v1")
    assert event.data["changed"] == ["price", "updated_at"]


def test_a_product_moves_to_another_category(staff_client, tools):
    product = ProductFactory()

    response = staff_client.patch(
        f"{URL}{product.id}/", {"category_id": str(tools.id)}, format="json"
    )

    assert response.json()["category_id"] == str(tools.id)
    product.refresh_from_db()
    assert product.category == tools


def test_customers_cannot_change_products(customer_client):
    product = ProductFactory(name="Saw")

    response = customer_client.patch(f"{URL}{product.id}/", {"name": "Free"}, format="json")

    assert response.status_code == 403
    product.refresh_from_db()
    assert product.name == "Saw"


def test_an_unknown_product_gets_404_problem(customer_client):
    response = customer_client.get(f"{URL}00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
