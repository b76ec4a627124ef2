import datetime as dt

import pytest
from django.test import override_settings

from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

SMALL_PAGES = override_settings(
    LEGACY_SHOP={"PAGE_SIZE": 12, "API_PAGE_SIZE": 2, "CURRENCY": "GBP"}
)


def test_product_detail_has_the_legacy_shape(anon):
    kettles = CategoryFactory(cat_name="Kettles", slug="kettles")
    kettle = ProductFactory(
        prod_code="KT-001",
        prod_name="Kettle",
        descr="Boils water.",
        price_cents=2499,
        qty_on_hand=7,
        cat=kettles,
    )
    stamp = dt.datetime(2024, 3, 5, 14, 7, 9, 123456)
    Product.objects.filter(pk=kettle.pk).update(created_dt=stamp, modified_dt=stamp)

    response = anon.get(f"/api/products/{kettle.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "prod_id": kettle.pk,
        "prod_code": "KT-001",
        "prod_name": "Kettle",
        "descr": "Boils water.",
        "price_cents": 2499,
        "qty_on_hand": 7,
        "in_stock": "Y",
        "cat_id": kettles.pk,
        "cat_name": "Kettles",
        "active": "Y",
        "created_dt": "2024-03-05 14:07:09",
        "modified_dt": "2024-03-05 14:07:09",
    }


def test_sold_out_product_says_not_in_stock(anon):
    product = ProductFactory(qty_on_hand=0)

    body = anon.get(f"/api/products/{product.pk}/").json()

    assert (body["qty_on_hand"], body["in_stock"]) == (0, "N")


@pytest.mark.parametrize("prod_id", ["inactive", 999999, 99999999999999999999])
def test_unknown_or_inactive_product_is_a_404(anon, prod_id):
    if prod_id == "inactive":
        prod_id = ProductFactory(active_yn="N").pk

    response = anon.get(f"/api/products/{prod_id}/")

    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": f"No product {prod_id} on sale"}


def test_product_list_shows_only_products_on_sale(anon):
    on_sale = ProductFactory(prod_name="Lamp")
    ProductFactory(prod_name="Old lamp", active_yn="N")

    response = anon.get("/api/products/")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (1, 1, 1)
    assert [p["prod_id"] for p in body["results"]] == [on_sale.pk]
    assert body["results"][0]["prod_name"] == "Lamp"


def test_product_search_matches_every_term_in_name_code_or_description(anon):
    ProductFactory(prod_name="Blue kettle", descr="Steel")
    wanted = ProductFactory(prod_name="Red kettle", descr="Enamel, holds 2 litres")
    ProductFactory(prod_name="Red mug", descr="Enamel")
    by_code = ProductFactory(prod_code="KTL-RED-9", prod_name="Spare lid")

    names = [
        p["prod_id"] for p in anon.get("/api/products/", {"q": "kettle enamel"}).json()["results"]
    ]
    codes = [p["prod_id"] for p in anon.get("/api/products/", {"q": "ktl-red"}).json()["results"]]

    assert names == [wanted.pk]
    assert codes == [by_code.pk]


def test_product_list_filters_by_category_slug(anon):
    lighting = CategoryFactory(slug="lighting")
    lamp = ProductFactory(cat=lighting)
    ProductFactory()

    body = anon.get("/api/products/", {"cat": "lighting"}).json()

    assert [p["prod_id"] for p in body["results"]] == [lamp.pk]
    assert body["results"][0]["cat_id"] == lighting.pk


@pytest.mark.parametrize("slug", ["no-such-category", "hidden"])
def test_unknown_or_hidden_category_filter_is_a_400(anon, slug):
    CategoryFactory(slug="hidden", visible_yn="N")

    response = anon.get("/api/products/", {"cat": slug})

    assert response.status_code == 400
    assert response.json()["fields"] == {"cat": [f'no category with slug "{slug}"']}


def test_search_text_is_validated(anon):
    too_long = anon.get("/api/products/", {"q": "x" * 201})
    null_char = anon.get("/api/products/", {"q": "kettle\x00"})

    assert too_long.status_code == 400
    assert too_long.json()["fields"] == {
        "q": ["Ensure this field has no more than 200 characters."]
    }
    assert null_char.status_code == 400
    assert null_char.json()["fields"] == {"q": ["Null characters are not allowed."]}


@SMALL_PAGES
def test_product_list_pages(anon):
    products = [ProductFactory(prod_name=f"Item {n}") for n in range(5)]

    first = anon.get("/api/products/").json()
    last = anon.get("/api/products/", {"page": 3}).json()

    assert (first["count"], first["page"], first["pages"]) == (5, 1, 3)
    assert [p["prod_id"] for p in first["results"]] == [p.pk for p in products[:2]]
    assert (last["page"], [p["prod_id"] for p in last["results"]]) == (3, [products[4].pk])


@SMALL_PAGES
def test_page_past_the_end_is_a_404(anon):
    ProductFactory.create_batch(3)

    response = anon.get("/api/products/", {"page": 3})

    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "message": "Page 3 does not exist: there are 2 pages",
    }


@pytest.mark.parametrize("page", ["0", "-1", "two", "1.5", "", "\u0663", "9" * 5000])
def test_page_that_is_not_a_positive_whole_number_is_a_400(anon, page):
    response = anon.get("/api/products/", {"page": page})

    assert response.status_code == 400
    assert response.json()["fields"] == {"page": ["must be a whole number from 1 to 999999999"]}


def test_empty_product_list_is_one_empty_page(anon):
    assert anon.get("/api/products/").json() == {"count": 0, "page": 1, "pages": 1, "results": []}


def test_product_list_query_count_does_not_grow_with_the_page(
    anon, client_for, customer, django_assert_max_num_queries
):
    for n in range(5):
        ProductFactory.create_batch(4, cat=CategoryFactory(slug=f"shelf-{n}"))
    logged_in = client_for(customer)

    with django_assert_max_num_queries(2):  # count + page (categories joined)
        assert len(anon.get("/api/products/").json()["results"]) == 20
    with django_assert_max_num_queries(4):  # + token + category check
        filtered = logged_in.get("/api/products/", {"cat": "shelf-0", "q": "product"})
    assert filtered.json()["count"] == 4


def test_categories_list_visible_ones_in_shop_order(anon, django_assert_max_num_queries):
    lamps = CategoryFactory(cat_name="Lamps", slug="lamps", sort_order=2)
    chairs = CategoryFactory(cat_name="Chairs", slug="chairs", sort_order=1)
    CategoryFactory(cat_name="Secret", slug="secret", visible_yn="N")

    with django_assert_max_num_queries(2):
        response = anon.get("/api/categories/")

    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "page": 1,
        "pages": 1,
        "results": [
            {"cat_id": chairs.pk, "cat_name": "Chairs", "slug": "chairs", "sort_order": 1},
            {"cat_id": lamps.pk, "cat_name": "Lamps", "slug": "lamps", "sort_order": 2},
        ],
    }


@pytest.mark.parametrize("url", ["/api/products/", "/api/products/1/", "/api/categories/"])
def test_catalogue_is_read_only(anon, url):
    response = anon.post(url, {}, format="json")

    assert response.status_code == 405
    assert response.json() == {
        "error": "method_not_allowed",
        "message": 'Method "POST" not allowed.',
    }
    assert "GET" in response["Allow"]
