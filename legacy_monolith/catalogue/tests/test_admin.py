"""The catalogue admin: prices in pounds, search, filters and the product actions."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.factories import CategoryFactory, OrderLineFactory, ProductFactory

pytestmark = pytest.mark.django_db

PRODUCTS = reverse("admin:catalogue_product_changelist")
CATEGORIES = reverse("admin:catalogue_category_changelist")


def _listed(response) -> list[str]:
    return [product.prod_code for product in response.context["cl"].result_list]


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _act(client, action: str, products, **extra):
    data = {"action": action, "_selected_action": [p.pk for p in products], **extra}
    return client.post(PRODUCTS, data)


def test_product_list_shows_price_in_pounds_and_the_category(admin_client):
    ProductFactory(prod_code="KIT-1", price_cents=123456, cat=CategoryFactory(cat_name="Kitchen"))

    page = admin_client.get(PRODUCTS).content.decode()

    assert "£1,234.56" in page
    assert "Kitchen" in page


def test_product_change_page_shows_the_price_in_pounds_beside_the_cents(admin_client):
    product = ProductFactory(price_cents=1299)

    page = admin_client.get(reverse("admin:catalogue_product_change", args=[product.pk]))

    assert "£12.99" in page.content.decode()
    assert page.context["adminform"].form.initial["price_cents"] == 1299


def test_product_search_by_name_and_sku(admin_client):
    ProductFactory(prod_code="KIT-000001", prod_name="Enamel Teapot")
    ProductFactory(prod_code="GDN-000002", prod_name="Galvanised Watering Can")

    assert _listed(admin_client.get(PRODUCTS, {"q": "teapot"})) == ["KIT-000001"]
    assert _listed(admin_client.get(PRODUCTS, {"q": "GDN-0000"})) == ["GDN-000002"]


def test_product_filters_by_active_flag_category_and_stock(admin_client):
    kitchen, garden = CategoryFactory(slug="kitchen"), CategoryFactory(slug="garden")
    ProductFactory(prod_code="ON", cat=kitchen, active_yn="Y", qty_on_hand=50)
    ProductFactory(prod_code="OFF", cat=kitchen, active_yn="N", qty_on_hand=3)
    ProductFactory(prod_code="EMPTY", cat=garden, active_yn="Y", qty_on_hand=0)

    assert _listed(admin_client.get(PRODUCTS, {"active_yn__exact": "N"})) == ["OFF"]
    assert sorted(_listed(admin_client.get(PRODUCTS, {"cat__id__exact": kitchen.pk}))) == [
        "OFF",
        "ON",
    ]
    assert _listed(admin_client.get(PRODUCTS, {"stock": "out"})) == ["EMPTY"]
    assert _listed(admin_client.get(PRODUCTS, {"stock": "low"})) == ["OFF"]
    assert _listed(admin_client.get(PRODUCTS, {"stock": "in"})) == ["ON"]


def test_product_filters_by_created_date(admin_client):
    ProductFactory(prod_code="NEW")

    response = admin_client.get(
        PRODUCTS, {"created_dt__gte": "2000-01-01", "created_dt__lt": "2000-02-01"}
    )

    assert _listed(response) == []
    assert _listed(admin_client.get(PRODUCTS, {"created_dt__gte": "2000-01-01"})) == ["NEW"]


def test_deactivate_takes_products_off_sale_and_counts_those_already_off(admin_client):
    on_sale = ProductFactory.create_batch(2, active_yn="Y")
    already_off = ProductFactory(active_yn="N")

    response = _act(admin_client, "deactivate", [*on_sale, already_off])

    assert response.status_code == 302
    assert set(Product.objects.values_list("active_yn", flat=True)) == {"N"}
    assert _messages(response) == [
        "Deactivated 2 products. 1 product was already inactive and left unchanged."
    ]


def test_activate_puts_products_back_on_sale(admin_client):
    off = ProductFactory(active_yn="N")
    untouched = ProductFactory(active_yn="N")

    response = _act(admin_client, "activate", [off])

    assert Product.objects.get(pk=off.pk).active_yn == "Y"
    assert Product.objects.get(pk=untouched.pk).active_yn == "N"
    assert _messages(response) == ["Activated 1 product."]


def test_activating_products_already_on_sale_changes_nothing_and_says_so(admin_client):
    product = ProductFactory(active_yn="Y")
    before = Product.objects.get(pk=product.pk).modified_dt

    response = _act(admin_client, "activate", [product])

    assert Product.objects.get(pk=product.pk).modified_dt == before
    assert _messages(response) == ["1 product was already active and left unchanged."]


def test_restock_first_asks_how_many_units(admin_client):
    product = ProductFactory(prod_code="KIT-7", qty_on_hand=4)

    response = _act(admin_client, "restock", [product])

    assert response.status_code == 200
    page = response.content.decode()
    assert "Units to add" in page
    assert "KIT-7" in page
    assert "now 4 in stock" in page
    assert Product.objects.get(pk=product.pk).qty_on_hand == 4


def test_restock_form_adds_the_quantity_to_each_selected_product(admin_client):
    low, empty = ProductFactory(qty_on_hand=4), ProductFactory(qty_on_hand=0)
    other = ProductFactory(qty_on_hand=9)

    response = _act(admin_client, "restock", [low, empty], apply="Restock", quantity="25")

    assert response.status_code == 302
    stock = dict(Product.objects.values_list("pk", "qty_on_hand"))
    assert (stock[low.pk], stock[empty.pk], stock[other.pk]) == (29, 25, 9)
    assert _messages(response) == ["Added 25 units to the stock of 2 products."]


@pytest.mark.parametrize(
    ("quantity", "error"),
    [
        ("0", "greater than or equal to 1"),
        ("-5", "greater than or equal to 1"),
        ("lots", "Enter a whole number"),
        ("", "This field is required"),
    ],
)
def test_restock_with_a_bad_quantity_shows_the_form_again_and_changes_nothing(
    admin_client, quantity, error
):
    product = ProductFactory(qty_on_hand=4)

    response = _act(admin_client, "restock", [product], apply="Restock", quantity=quantity)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert Product.objects.get(pk=product.pk).qty_on_hand == 4


def test_restock_across_every_page_restocks_all_matching_products(admin_client):
    products = ProductFactory.create_batch(3, qty_on_hand=1, active_yn="N")
    on_sale = ProductFactory(qty_on_hand=1, active_yn="Y")

    response = admin_client.post(
        PRODUCTS + "?active_yn__exact=N",
        {
            "action": "restock",
            "_selected_action": [products[0].pk],
            "select_across": "1",
            "apply": "Restock",
            "quantity": "2",
        },
    )

    assert response.status_code == 302
    assert sorted(Product.objects.filter(active_yn="N").values_list("qty_on_hand", flat=True)) == [
        3,
        3,
        3,
    ]
    assert Product.objects.get(pk=on_sale.pk).qty_on_hand == 1


def test_category_list_counts_products_and_searches_by_name(admin_client):
    kitchen = CategoryFactory(cat_name="Kitchen", slug="kitchen")
    CategoryFactory(cat_name="Garden", slug="garden")
    ProductFactory.create_batch(3, cat=kitchen)

    response = admin_client.get(CATEGORIES, {"q": "kitch"})

    assert [(c.cat_name, c.product_count) for c in response.context["cl"].result_list] == [
        ("Kitchen", 3)
    ]


def test_category_list_filters_by_visibility(admin_client):
    CategoryFactory(cat_name="Shown", visible_yn="Y")
    CategoryFactory(cat_name="Hidden", visible_yn="N")

    response = admin_client.get(CATEGORIES, {"visible_yn__exact": "N"})

    assert [c.cat_name for c in response.context["cl"].result_list] == ["Hidden"]


def test_adding_a_product_in_the_admin(admin_client):
    category = CategoryFactory()

    response = admin_client.post(
        reverse("admin:catalogue_product_add"),
        {
            "prod_code": "NEW-1",
            "prod_name": "Brass Lantern",
            "cat": category.pk,
            "descr": "",
            "price_cents": "4599",
            "qty_on_hand": "7",
            "active_yn": "Y",
        },
    )

    assert response.status_code == 302
    product = Product.objects.get(prod_code="NEW-1")
    assert (product.prod_name, product.price_cents, product.cat) == (
        "Brass Lantern",
        4599,
        category,
    )


def test_a_product_in_past_orders_cannot_be_deleted(admin_client):
    line = OrderLineFactory()

    response = admin_client.post(
        reverse("admin:catalogue_product_delete", args=[line.prod_id]), {"post": "yes"}
    )

    assert response.status_code == 200
    assert "protected" in response.content.decode()
    assert Product.objects.filter(pk=line.prod_id).exists()
    assert Category.objects.filter(pk=line.prod.cat_id).exists()
