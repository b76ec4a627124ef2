"""With products at writes-new, the storefront and the API read the catalogue from the service."""

import pytest
from django.test import override_settings
from django.urls import reverse

from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import ProductFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("catalogue_in_service"),
    pytest.mark.filterwarnings("ignore::django.core.paginator.UnorderedObjectListWarning"),
]

PRODUCTS_WRITES_NEW = override_settings(
    STRANGLER_STAGES={"users": "legacy", "products": "writes-new", "orders": "legacy"}
)


@pytest.fixture(autouse=True)
def _products_owned_by_the_service():
    with PRODUCTS_WRITES_NEW:
        yield


def test_home_lists_the_service_departments_and_products(client):
    ProductFactory(prod_name="Legacy Only Lamp")

    response = client.get(reverse("storefront:home"))

    page = response.content.decode()
    # The hidden department is not listed, though its products on sale are, as in legacy.
    assert [c.cat_name for c in response.context["categories"]] == ["Kitchen", "Garden"]
    assert "Enamel Mug" in page and "Border Spade" in page and "Crate" in page
    assert "Old Kettle" not in page  # off sale
    assert "Legacy Only Lamp" not in page  # the legacy table no longer answers


def test_the_product_list_pages_and_searches_through_the_service(client, services):
    response = client.get(reverse("storefront:product_list"), {"q": "spade"})

    assert response.status_code == 200
    assert [p.prod_name for p in response.context["products"]] == ["Border Spade"]
    assert response.context["paginator"].count == 1
    assert (
        "products",
        {"q": "spade", "category": None, "active": True, "sku": None, "legacy_id": None},
    ) in services.products.calls


def test_a_department_page_lists_its_products(client):
    response = client.get(reverse("storefront:category", args=["kitchen"]))

    assert response.status_code == 200
    assert response.context["category"].cat_name == "Kitchen"
    assert [p.prod_name for p in response.context["products"]] == ["Enamel Mug"]


def test_an_unknown_or_hidden_department_is_a_404(client):
    assert client.get(reverse("storefront:category", args=["backroom"])).status_code == 404
    assert client.get(reverse("storefront:category", args=["attic"])).status_code == 404


def test_the_product_page_shows_the_service_copy_in_legacy_shape(client):
    response = client.get(reverse("storefront:product_detail", args=[502]))

    assert response.status_code == 200
    product = response.context["product"]
    assert (product.pk, product.prod_code, product.price_cents, product.qty_on_hand) == (
        502,
        "SVC-502",
        2450,
        1,
    )
    assert product.cat.slug == "garden"
    page = response.content.decode()
    assert "£24.50" in page and "Add to cart" in page


def test_a_product_only_in_the_legacy_table_is_not_found(client):
    legacy = ProductFactory()
    assert client.get(reverse("storefront:product_detail", args=[legacy.pk])).status_code == 404
    assert client.get(reverse("storefront:product_detail", args=[503])).status_code == 404


def test_the_cart_holds_service_products(client):
    response = client.post(reverse("storefront:cart_add", args=[501]), {"quantity": 2})
    assert response.status_code == 302

    cart = client.get(reverse("storefront:cart"))

    assert [(line.product.prod_name, line.quantity) for line in cart.context["lines"]] == [
        ("Enamel Mug", 2)
    ]
    assert cart.context["total_cents"] == 2598
    assert not Product.objects.exists()  # nothing was copied into the legacy table


def test_the_api_lists_and_shows_service_products(client):
    listing = client.get("/api/products/", {"cat": "kitchen"}).json()
    assert listing["count"] == 1
    assert listing["results"][0]["prod_name"] == "Enamel Mug"
    assert listing["results"][0]["cat_name"] == "Kitchen"
    assert listing["results"][0]["price_cents"] == 1299

    detail = client.get("/api/products/502/").json()
    assert (detail["prod_id"], detail["in_stock"], detail["qty_on_hand"]) == (502, "Y", 1)

    categories = client.get("/api/categories/").json()
    assert [c["cat_name"] for c in categories["results"]] == ["Kitchen", "Garden"]

    bad = client.get("/api/products/", {"cat": "backroom"})
    assert bad.status_code == 400
    assert bad.json()["fields"] == {"cat": ['no category with slug "backroom"']}


def test_a_copy_refuses_to_be_saved(client):
    from legacy_monolith import ports
    from legacy_monolith.ports.service.copies import ReadOnlyCopy

    product = ports.catalogue().product_get(product_id=501)
    with pytest.raises(ReadOnlyCopy, match="change it through the service that owns it"):
        product.save()
    assert not Product.objects.exists()
