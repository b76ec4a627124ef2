"""Browsing the catalogue: home, search, categories, pagination and product pages."""

import pytest
from django.urls import reverse

from legacy_monolith.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [product.prod_name for product in response.context["products"]]


def test_home_shows_visible_categories_and_products_on_sale(client):
    kitchen = CategoryFactory(cat_name="Kitchen", slug="kitchen")
    CategoryFactory(cat_name="Staff Only", slug="staff-only", visible_yn="N")
    ProductFactory(prod_name="Copper Kettle", cat=kitchen, price_cents=3450)
    ProductFactory(prod_name="Withdrawn Toaster", cat=kitchen, active_yn="N")

    response = client.get(reverse("storefront:home"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Kitchen" in body and reverse("storefront:category", args=["kitchen"]) in body
    assert "Staff Only" not in body
    assert "Copper Kettle" in body and "£34.50" in body
    assert "Withdrawn Toaster" not in body


def test_search_matches_name_sku_and_description(client):
    ProductFactory(prod_name="Blue Teapot", prod_code="TEA-1")
    ProductFactory(prod_name="Mug", prod_code="MUG-1", descr="Pairs with any teapot")
    ProductFactory(prod_name="Spade", prod_code="GDN-9")
    ProductFactory(prod_name="Old Teapot", active_yn="N")

    by_word = client.get(reverse("storefront:product_list"), {"q": "teapot"})
    by_sku = client.get(reverse("storefront:product_list"), {"q": "gdn-9"})
    nothing = client.get(reverse("storefront:product_list"), {"q": "submarine"})

    assert sorted(_names(by_word)) == ["Blue Teapot", "Mug"]
    assert "2 products matching “teapot”" in by_word.content.decode()
    assert _names(by_sku) == ["Spade"]
    assert "No products found for “submarine”" in nothing.content.decode()


def test_product_list_paginates_with_the_configured_page_size(client, settings):
    settings.LEGACY_SHOP = {**settings.LEGACY_SHOP, "PAGE_SIZE": 4}
    for n in range(10):
        ProductFactory(prod_name=f"Lamp {n:02d}")
    ProductFactory(prod_name="Chair")

    first = client.get(reverse("storefront:product_list"), {"q": "lamp"})
    last = client.get(reverse("storefront:product_list"), {"q": "lamp", "page": 3})

    assert _names(first) == ["Lamp 00", "Lamp 01", "Lamp 02", "Lamp 03"]
    assert "Page 1 of 3" in first.content.decode()
    # The next-page link keeps the search.
    assert 'href="?q=lamp&amp;page=2"' in first.content.decode()
    assert _names(last) == ["Lamp 08", "Lamp 09"]


def test_page_out_of_range_or_not_a_number_is_404(client):
    ProductFactory()
    assert client.get(reverse("storefront:product_list"), {"page": 5}).status_code == 404
    assert client.get(reverse("storefront:product_list"), {"page": "two"}).status_code == 404


def test_category_page_lists_only_that_category_and_searches_within_it(client):
    garden = CategoryFactory(cat_name="Garden", slug="garden")
    kitchen = CategoryFactory(cat_name="Kitchen", slug="kitchen")
    ProductFactory(prod_name="Green Watering Can", cat=garden)
    ProductFactory(prod_name="Rake", cat=garden)
    ProductFactory(prod_name="Green Bowl", cat=kitchen)

    everything = client.get(reverse("storefront:category", args=["garden"]))
    green = client.get(reverse("storefront:category", args=["garden"]), {"q": "green"})

    assert sorted(_names(everything)) == ["Green Watering Can", "Rake"]
    assert everything.context["category"] == garden
    assert _names(green) == ["Green Watering Can"]


def test_hidden_or_unknown_category_is_404(client):
    CategoryFactory(slug="secret", visible_yn="N")
    assert client.get(reverse("storefront:category", args=["secret"])).status_code == 404
    assert client.get(reverse("storefront:category", args=["nope"])).status_code == 404


@pytest.mark.parametrize(
    ("qty", "shown"), [(7, "In stock (7)"), (2, "Only 2 left"), (0, "Out of stock")]
)
def test_product_detail_shows_price_and_stock(client, qty, shown):
    product = ProductFactory(
        prod_name="Brass Lamp", prod_code="LMP-7", price_cents=4999, qty_on_hand=qty
    )

    response = client.get(reverse("storefront:product_detail", args=[product.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Brass Lamp" in body and "LMP-7" in body and "£49.99" in body
    assert shown in body
    has_form = reverse("storefront:cart_add", args=[product.pk]) in body
    assert has_form is (qty > 0)


def test_product_no_longer_on_sale_is_404_with_a_reason(client):
    product = ProductFactory(active_yn="N")
    response = client.get(reverse("storefront:product_detail", args=[product.pk]))
    assert response.status_code == 404
    assert "no longer on sale" in response.content.decode()


def test_unknown_page_gets_the_shop_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
