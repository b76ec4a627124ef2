"""The catalogue as anyone reads it: no token needed, search by words, a named category."""

import pytest

from extracted_services.products.catalogue.models import Product
from extracted_services.products.tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/products/"


def _names(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.json()
    return [p["name"] for p in response.json()["results"]]


def test_anyone_reads_products_on_sale_without_a_token(anonymous_client):
    on_sale = ProductFactory(name="Kettle", category=CategoryFactory(name="Kitchen"))
    withdrawn = ProductFactory(name="Old kettle", active=False)

    listed = anonymous_client.get(URL).json()
    shown = anonymous_client.get(f"{URL}{on_sale.id}/")

    assert [p["name"] for p in listed["results"]] == ["Kettle"]
    assert shown.status_code == 200
    assert shown.json()["category_name"] == "Kitchen"
    assert anonymous_client.get(f"{URL}{withdrawn.id}/").status_code == 404
    assert anonymous_client.get(URL, {"active": "false"}).status_code == 403


def test_without_a_token_nothing_is_written_and_stock_stays_private(anonymous_client):
    product = ProductFactory(name="Kettle", stock=4)
    category = product.category

    created = anonymous_client.post(
        URL,
        {
            "sku": "NEW-1",
            "name": "New",
            "price": {"amount": "1.00", "currency": "GBP"},
            "category_id": str(category.id),
        },
        format="json",
    )
    changed = anonymous_client.patch(f"{URL}{product.id}/", {"stock": 0}, format="json")
    stock = anonymous_client.get(f"{URL}{product.id}/stock/")
    reservations = anonymous_client.get("/api/v1/reservations/")

    assert [created.status_code, changed.status_code] == [401, 401]
    assert [stock.status_code, reservations.status_code] == [401, 401]
    assert created["Content-Type"] == "application/problem+json"
    product.refresh_from_db()
    assert product.stock == 4
    assert not Product.objects.filter(sku="NEW-1").exists()


def test_a_bad_token_is_refused_even_for_reads(anonymous_client):
    anonymous_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    assert anonymous_client.get(URL).status_code == 401


def test_search_keeps_products_with_every_word_anywhere(anonymous_client):
    ProductFactory(name="Red kettle")
    ProductFactory(name="Kettle", description="Comes in red.")
    ProductFactory(name="Red mug")
    ProductFactory(name="Blue kettle", sku="KT-RED-2")

    assert _names(anonymous_client, q="red kettle") == ["Blue kettle", "Kettle", "Red kettle"]
    assert _names(anonymous_client, q="  KETTLE   red ") == ["Blue kettle", "Kettle", "Red kettle"]
    assert _names(anonymous_client, q="red mug kettle") == []


def test_a_search_may_be_as_long_as_the_legacy_shops(anonymous_client):
    ProductFactory(name="Kettle")

    assert _names(anonymous_client, q=" ".join(["kettle"] * 28)) == ["Kettle"]
    assert anonymous_client.get(URL, {"q": "k" * 201}).status_code == 400


def test_an_unknown_category_is_a_400_naming_the_filter(anonymous_client):
    ProductFactory(name="Kettle", category=CategoryFactory(slug="kitchen"))

    response = anonymous_client.get(URL, {"category": "no-such-category"})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "category": ["no category with id or slug 'no-such-category'"]
    }
    assert _names(anonymous_client, category="kitchen") == ["Kettle"]


def test_a_hidden_category_is_unknown_to_customers_but_not_to_staff(customer_client, staff_client):
    hidden = CategoryFactory(slug="clearance", visible=False)
    ProductFactory(name="Kettle", category=hidden)

    assert customer_client.get(URL, {"category": "clearance"}).status_code == 400
    assert customer_client.get(URL, {"category": str(hidden.id)}).status_code == 400
    assert _names(staff_client, category="clearance") == ["Kettle"]
