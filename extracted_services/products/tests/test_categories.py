import pytest

from extracted_services.products.catalogue.models import Category
from extracted_services.products.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/categories/"
NEW = {"name": "Garden", "slug": "garden", "sort_order": 3}


def test_customers_see_visible_categories_in_order_and_staff_see_all(customer_client, staff_client):
    CategoryFactory(name="Tools", slug="tools", sort_order=2)
    CategoryFactory(name="Books", slug="books", sort_order=1)
    CategoryFactory(name="Hidden", slug="hidden", visible=False)

    seen = [c["slug"] for c in customer_client.get(URL).json()["results"]]
    everything = staff_client.get(URL).json()
    hidden_only = staff_client.get(URL, {"visible": "false"}).json()

    assert seen == ["books", "tools"]
    assert everything["count"] == 3
    assert [c["slug"] for c in hidden_only["results"]] == ["hidden"]


def test_a_customer_asking_for_hidden_categories_is_refused(customer_client):
    response = customer_client.get(URL, {"visible": "false"})

    assert response.status_code == 403
    assert response.json()["detail"] == "only staff and services may filter visible=false"


def test_staff_create_a_category_and_an_event_is_recorded(staff_client, recorded):
    response = staff_client.post(URL, NEW, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "legacy_id": None,
        "name": "Garden",
        "slug": "garden",
        "visible": True,
        "sort_order": 3,
    }
    assert response["Location"].endswith(f"/api/v1/categories/{body['id']}/")
    assert Category.objects.get(slug="garden").sort_order == 3
    (event,) = recorded("products.category.created.v1")
    assert event.data == body


def test_a_service_creates_a_category_with_its_legacy_ids(service_client):
    payload = {**NEW, "id": "7a1d0d3e-7bd0-5b4e-8f3c-0f6d2d1c9e01", "legacy_id": 9}

    response = service_client.post(URL, payload, format="json")

    assert response.status_code == 201
    stored = Category.objects.get()
    assert (str(stored.id), stored.legacy_id) == (payload["id"], 9)


def test_staff_may_not_set_legacy_ids(staff_client):
    response = staff_client.post(URL, {**NEW, "legacy_id": 9}, format="json")

    assert response.status_code == 403
    assert list(response.json()["errors"]) == ["legacy_id"]
    assert not Category.objects.exists()


def test_customers_cannot_create_categories(customer_client):
    assert customer_client.post(URL, NEW, format="json").status_code == 403
    assert not Category.objects.exists()


def test_a_taken_slug_gets_409(staff_client):
    CategoryFactory(slug="garden")

    response = staff_client.post(URL, NEW, format="json")

    assert response.status_code == 409
    assert response.json()["errors"] == {"slug": ["another category already has slug garden"]}


def test_a_bad_slug_gets_400(staff_client):
    response = staff_client.post(URL, {**NEW, "slug": "not a slug!"}, format="json")

    assert response.status_code == 400
    assert "slug" in response.json()["errors"]


def test_a_retried_create_with_the_same_key_creates_one_category(staff_client, recorded):
    first = staff_client.post(URL, NEW, format="json", HTTP_IDEMPOTENCY_KEY="cat-1")
    again = staff_client.post(URL, NEW, format="json", HTTP_IDEMPOTENCY_KEY="cat-1")

    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Category.objects.count() == 1
    assert len(recorded("products.category.created.v1")) == 1


def test_a_hidden_category_is_not_found_for_customers(customer_client, staff_client):
    hidden = CategoryFactory(visible=False)

    assert customer_client.get(f"{URL}{hidden.id}/").status_code == 404
    assert staff_client.get(f"{URL}{hidden.id}/").json()["id"] == str(hidden.id)


def test_staff_change_a_category_and_the_event_names_the_change(staff_client, recorded):
    category = CategoryFactory(name="Tools", slug="tools")

    response = staff_client.patch(f"{URL}{category.id}/", {"visible": False}, format="json")

    assert response.status_code == 200
    category.refresh_from_db()
    assert category.visible is False
    (event,) = recorded("products.category.updated.v1")
    assert event.data["changed"] == ["visible"]


def test_without_a_token_categories_are_read_but_not_written(anonymous_client):
    category = CategoryFactory(name="Garden")

    assert anonymous_client.get(URL).json()["results"][0]["name"] == "Garden"
    assert anonymous_client.get(f"{URL}{category.id}/").json()["name"] == "Garden"
    assert anonymous_client.post(URL, NEW, format="json").status_code == 401
    assert anonymous_client.patch(f"{URL}{category.id}/", {"name": "X"}).status_code == 401
    category.refresh_from_db()
    assert category.name == "Garden"
    assert not Category.objects.filter(slug="garden").exists()
