import pytest
from rest_framework.test import APIClient

from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import OrderFactory, OrderLineFactory, ProductFactory, UserFactory
from legacy_monolith.orders.models import Order, OrderLine, OrderStatus

pytestmark = pytest.mark.django_db

URL = "/api/orders/"


def _stock(*products: Product) -> list[int]:
    return [Product.objects.get(pk=p.pk).qty_on_hand for p in products]


def test_create_order_takes_stock_and_returns_the_order(api, customer):
    kettle = ProductFactory(price_cents=2499, qty_on_hand=5)
    mug = ProductFactory(price_cents=450, qty_on_hand=3)

    response = api.post(
        URL,
        {
            "lines": [{"prod_id": mug.pk, "qty": 1}, {"prod_id": kettle.pk, "qty": 2}],
            "ship_addr": "  9 Elm Row\nBath\nBA1 1AA  ",
        },
        format="json",
    )

    assert response.status_code == 201
    order = Order.objects.get(cust=customer)
    assert response["Location"] == f"/api/orders/{order.pk}/"
    body = response.json()
    assert body["order_id"] == order.pk
    assert (body["status"], body["total_cents"]) == ("N", 2 * 2499 + 450)
    assert body["ship_addr"] == "9 Elm Row\nBath\nBA1 1AA"
    assert body["order_dt"] == order.order_dt.strftime("%Y-%m-%d %H:%M:%S")
    assert sorted(
        (line["prod_id"], line["qty"], line["line_total_cents"]) for line in body["lines"]
    ) == sorted([(kettle.pk, 2, 4998), (mug.pk, 1, 450)])
    assert set(order.lines.values_list("prod_id", "qty", "unit_price_cents")) == {
        (kettle.pk, 2, 2499),
        (mug.pk, 1, 450),
    }
    assert order.total_cents == 5448
    assert _stock(kettle, mug) == [3, 2]


def test_ship_addr_defaults_to_the_account_address(api, customer):
    Profile.objects.filter(user=customer).update(addr="4 Mill Lane\nDerby\nDE1 1AA")
    product = ProductFactory()

    response = api.post(URL, {"lines": [{"prod_id": product.pk, "qty": 1}]}, format="json")

    assert response.status_code == 201
    assert response.json()["ship_addr"] == "4 Mill Lane\nDerby\nDE1 1AA"
    assert Order.objects.get(cust=customer).ship_addr == "4 Mill Lane\nDerby\nDE1 1AA"


def test_no_address_anywhere_is_a_400(api, customer):
    Profile.objects.filter(user=customer).update(addr="  ")
    product = ProductFactory(qty_on_hand=4)

    response = api.post(
        URL, {"lines": [{"prod_id": product.pk, "qty": 1}], "ship_addr": " "}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "ship_addr": ["required: the account has no address to ship to"]
    }
    assert not Order.objects.exists()
    assert _stock(product) == [4]


def test_insufficient_stock_is_a_409_listing_shortages_and_leaves_nothing_behind(api):
    plenty = ProductFactory(qty_on_hand=10)
    lamp = ProductFactory(prod_name="Last Lamp", qty_on_hand=1)
    chair = ProductFactory(prod_name="Chair", qty_on_hand=0)

    response = api.post(
        URL,
        {
            "lines": [
                {"prod_id": plenty.pk, "qty": 3},
                {"prod_id": lamp.pk, "qty": 2},
                {"prod_id": chair.pk, "qty": 1},
            ]
        },
        format="json",
    )

    assert response.status_code == 409
    assert response.json() == {
        "error": "insufficient_stock",
        "message": "Not enough stock for: Last Lamp (wanted 2, 1 left), Chair (wanted 1, 0 left)",
        "shortages": [
            {"prod_id": lamp.pk, "prod_name": "Last Lamp", "qty_wanted": 2, "qty_on_hand": 1},
            {"prod_id": chair.pk, "prod_name": "Chair", "qty_wanted": 1, "qty_on_hand": 0},
        ],
    }
    assert not Order.objects.exists()
    assert not OrderLine.objects.exists()
    assert _stock(plenty, lamp, chair) == [10, 1, 0]


def test_unknown_and_inactive_products_are_named_on_their_lines(api):
    product = ProductFactory(qty_on_hand=5)
    retired = ProductFactory(active_yn="N")

    response = api.post(
        URL,
        {
            "lines": [
                {"prod_id": product.pk, "qty": 1},
                {"prod_id": 424242, "qty": 1},
                {"prod_id": retired.pk, "qty": 1},
            ]
        },
        format="json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "validation_failed"
    assert body["fields"] == {
        "lines.1.prod_id": ["product 424242 does not exist or is not on sale"],
        "lines.2.prod_id": [f"product {retired.pk} does not exist or is not on sale"],
    }
    assert "lines.1.prod_id: product 424242 does not exist or is not on sale" in body["message"]
    assert not Order.objects.exists()
    assert _stock(product) == [5]


@pytest.mark.parametrize(
    ("lines", "fields"),
    [
        (None, {"lines": ["This field may not be null."]}),
        ([], {"lines": ["This list may not be empty."]}),
        ("2 kettles", {"lines": ['Expected a list of items but got type "str".']}),
        (
            [{"prod_id": "P", "qty": 0}],
            {
                "lines.0.prod_id": ["A valid integer is required."],
                "lines.0.qty": ["Ensure this value is greater than or equal to 1."],
            },
        ),
        (
            [{"prod_id": "PRODUCT", "qty": 1000}],
            {
                "lines.0.prod_id": ["A valid integer is required."],
                "lines.0.qty": ["Ensure this value is less than or equal to 999."],
            },
        ),
        ([{"prod_id": 1}], {"lines.0.qty": ["This field is required."]}),
        (
            [{"prod_id": 2**31, "qty": 1}],
            {"lines.0.prod_id": ["Ensure this value is less than or equal to 2147483647."]},
        ),
        ([{"prod_id": 1, "qty": 1.5}], {"lines.0.qty": ["A valid integer is required."]}),
        ([{"prod_id": 1, "qty": 1, "price_cents": 1}], {"lines.0.price_cents": ["unknown field"]}),
        ([7], {"lines.0": ["Invalid data. Expected a dictionary, but got int."]}),
        (
            [{"prod_id": 1, "qty": 1}] * 101,
            {"lines": ["Ensure this field has no more than 100 elements."]},
        ),
    ],
)
def test_invalid_lines_are_a_400_naming_the_field(api, lines, fields):
    response = api.post(URL, {"lines": lines}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert (body["error"], body["fields"]) == ("validation_failed", fields)
    assert not Order.objects.exists()


def test_same_product_on_two_lines_is_a_400(api):
    product = ProductFactory(qty_on_hand=5)

    response = api.post(
        URL,
        {"lines": [{"prod_id": product.pk, "qty": 1}, {"prod_id": product.pk, "qty": 2}]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "lines.1.prod_id": [f"product {product.pk} is already on line 0"]
    }
    assert _stock(product) == [5]


def test_missing_lines_and_unknown_keys_are_reported_together(api):
    response = api.post(URL, {"ship_adress": "1 High St"}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "lines": ["This field is required."],
        "ship_adress": ["unknown field"],
    }


def test_create_order_needs_a_login(anon):
    product = ProductFactory(qty_on_hand=5)

    response = anon.post(URL, {"lines": [{"prod_id": product.pk, "qty": 1}]}, format="json")

    assert response.status_code == 401
    assert not Order.objects.exists()
    assert _stock(product) == [5]


def test_session_client_must_send_the_csrf_token():
    customer = UserFactory()
    product = ProductFactory(qty_on_hand=5)
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(customer)

    response = browser.post(URL, {"lines": [{"prod_id": product.pk, "qty": 1}]}, format="json")

    assert response.status_code == 403
    assert response.json()["error"] == "permission_denied"
    assert response.json()["message"].startswith("CSRF Failed")
    assert not Order.objects.exists()


def test_cancel_restocks_and_returns_the_cancelled_order(api, customer):
    order = OrderFactory(cust=customer)
    line = OrderLineFactory(order=order, qty=2, prod=ProductFactory(qty_on_hand=1))

    response = api.post(f"/api/orders/{order.pk}/cancel/")

    assert response.status_code == 200
    assert (response.json()["order_id"], response.json()["status"]) == (order.pk, "C")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert _stock(line.prod) == [3]


def test_held_order_can_be_cancelled(api, customer):
    order = OrderFactory(cust=customer, status=OrderStatus.HELD)

    assert api.post(f"/api/orders/{order.pk}/cancel/").json()["status"] == "C"


@pytest.mark.parametrize(
    ("status", "word"),
    [
        (OrderStatus.SHIPPED, "shipped"),
        (OrderStatus.DELIVERED, "delivered"),
        (OrderStatus.CANCELLED, "cancelled"),
    ],
)
def test_cancelling_a_shipped_delivered_or_cancelled_order_is_a_409(api, customer, status, word):
    order = OrderFactory(cust=customer, status=status)
    line = OrderLineFactory(order=order, qty=2, prod=ProductFactory(qty_on_hand=0))

    response = api.post(f"/api/orders/{order.pk}/cancel/")

    assert response.status_code == 409
    assert response.json() == {
        "error": "not_cancellable",
        "message": f"Order #{order.pk} is {word} and can no longer be cancelled",
        "order_id": order.pk,
        "status": status.value,
    }
    assert Order.objects.get(pk=order.pk).status == status
    assert _stock(line.prod) == [0]


def test_cancelling_someone_elses_order_is_a_404_and_leaves_it_alone(api):
    order = OrderFactory(cust=UserFactory())
    line = OrderLineFactory(order=order, qty=2, prod=ProductFactory(qty_on_hand=0))

    response = api.post(f"/api/orders/{order.pk}/cancel/")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert Order.objects.get(pk=order.pk).status == OrderStatus.NEW
    assert _stock(line.prod) == [0]


def test_cancel_needs_a_login_and_a_post(anon, api, customer):
    order = OrderFactory(cust=customer)

    assert anon.post(f"/api/orders/{order.pk}/cancel/").status_code == 401
    wrong_method = api.get(f"/api/orders/{order.pk}/cancel/")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"] == "method_not_allowed"
    assert Order.objects.get(pk=order.pk).status == OrderStatus.NEW


def test_order_detail_cannot_be_changed_or_deleted(api, customer):
    order = OrderFactory(cust=customer)

    for method in ("put", "patch", "delete"):
        response = getattr(api, method)(f"/api/orders/{order.pk}/", {"status": "C"}, format="json")
        assert response.status_code == 405
    assert Order.objects.get(pk=order.pk).status == OrderStatus.NEW
