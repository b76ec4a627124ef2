"""With orders at writes-new, checkout, history and cancelling go through the orders service."""

import pytest
from django.test import override_settings
from django.urls import reverse

from legacy_monolith.factories import OrderFactory, OrderLineFactory
from legacy_monolith.orders.models import Order, OrderLine

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::django.core.paginator.UnorderedObjectListWarning"),
]

SHIP_TO = "1 Service Street\nLeeds\nLS1 4AP"


@pytest.fixture(autouse=True)
def _orders_and_products_owned_by_services():
    stages = {"users": "legacy", "products": "writes-new", "orders": "writes-new"}
    with override_settings(STRANGLER_STAGES=stages):
        yield


@pytest.fixture
def shop(catalogue_in_service):
    return catalogue_in_service


def _checkout(client, quantities: dict[int, int], ship_addr: str = SHIP_TO):
    for product_id, quantity in quantities.items():
        client.post(reverse("storefront:cart_add", args=[product_id]), {"quantity": quantity})
    return client.post(reverse("storefront:checkout"), {"ship_addr": ship_addr})


def test_checkout_places_the_order_with_the_service(customer_client, customer, services, shop):
    response = _checkout(customer_client, {501: 2, 502: 1})

    assert response.status_code == 302
    assert response["Location"] == reverse("storefront:order_detail", args=[1000])
    [placed] = services.orders.order_rows.values()
    assert placed["customer_legacy_id"] == customer.pk
    assert placed["shipping_address"] == {
        "lines": ["1 Service Street"],
        "city": "Leeds",
        "postcode": "LS1 4AP",
        "country": None,
    }
    assert sorted((line["sku"], line["quantity"]) for line in placed["lines"]) == [
        ("SVC-501", 2),
        ("SVC-502", 1),
    ]
    assert services.products.product_rows[shop["spade"]["id"]]["stock"] == 0
    # Nothing written to the legacy tables: reverse sync does that.
    assert not Order.objects.exists() and not OrderLine.objects.exists()
    assert customer_client.get(reverse("storefront:cart")).context["lines"] == []


def test_the_order_page_and_history_render_the_service_order(customer_client, services, shop):
    _checkout(customer_client, {501: 2})

    detail = customer_client.get(reverse("storefront:order_detail", args=[1000]))
    assert detail.status_code == 200
    order = detail.context["order"]
    assert (order.pk, order.status, order.total_cents, order.ship_addr) == (
        1000,
        "N",
        2598,
        SHIP_TO,
    )
    assert [
        (line.prod.prod_name, line.qty, line.line_total_cents) for line in order.lines.all()
    ] == [("Enamel Mug", 2, 2598)]
    page = detail.content.decode()
    assert "Enamel Mug" in page and "£25.98" in page and "Cancel this order" in page

    history = customer_client.get(reverse("storefront:order_list"))
    assert [o.pk for o in history.context["orders"]] == [1000]
    assert "Order #1000" in history.content.decode()


def test_someone_elses_order_is_a_404(client, customer_client, services, shop):
    from legacy_monolith.factories import UserFactory

    _checkout(customer_client, {501: 1})
    client.force_login(UserFactory(username="mallory"))

    assert client.get(reverse("storefront:order_detail", args=[1000])).status_code == 404
    assert client.post(reverse("storefront:order_cancel", args=[1000])).status_code == 404
    assert services.orders.order_rows[next(iter(services.orders.order_rows))]["status"] == "placed"


def test_cancelling_goes_to_the_service_and_restocks(customer_client, services, shop):
    _checkout(customer_client, {502: 1})

    response = customer_client.post(reverse("storefront:order_cancel", args=[1000]), follow=True)

    assert "Order #1000 has been cancelled." in response.content.decode()
    assert response.context["order"].status == "C"
    assert services.products.product_rows[shop["spade"]["id"]]["stock"] == 1

    again = customer_client.post(reverse("storefront:order_cancel", args=[1000]), follow=True)
    assert (
        "Order #1000 has been cancelled." in again.content.decode()
    )  # repeatable, as in the service


def test_a_shipped_order_cannot_be_cancelled(customer_client, services, shop):
    _checkout(customer_client, {501: 1})
    next(iter(services.orders.order_rows.values()))["status"] = "shipped"

    response = customer_client.post(reverse("storefront:order_cancel", args=[1000]), follow=True)

    assert "Order #1000 is shipped and can no longer be cancelled." in response.content.decode()


def test_too_little_stock_names_the_product_and_what_is_left(customer_client, services, shop):
    customer_client.post(reverse("storefront:cart_add", args=[502]), {"quantity": 1})
    services.products.product_rows[shop["spade"]["id"]]["stock"] = 0  # sold meanwhile

    response = customer_client.post(
        reverse("storefront:checkout"), {"ship_addr": SHIP_TO}, follow=True
    )

    assert "Not enough stock for: Border Spade (wanted 1, 0 left)" in response.content.decode()
    assert [o["status"] for o in services.orders.order_rows.values()] == ["rejected"]
    assert customer_client.get(reverse("storefront:order_list")).context["orders"] == []


def test_an_address_the_service_cannot_read_is_a_form_error(customer_client, services, shop):
    response = _checkout(customer_client, {501: 1}, ship_addr="Flat 2, 10 High St, Leeds")

    assert response.status_code == 400
    assert "Put the house and street, the town and the postcode" in str(
        response.context["form"].errors["ship_addr"]
    )
    assert services.orders.order_rows == {}


def test_a_loosely_typed_postcode_is_put_in_standard_form(customer_client, services, shop):
    _checkout(customer_client, {501: 1}, ship_addr="1 Service Street\nLeeds\nls14ap")

    [placed] = services.orders.order_rows.values()
    assert placed["shipping_address"]["postcode"] == "LS1 4AP"


def test_an_unreachable_orders_service_places_nothing_and_says_so(customer_client, services, shop):
    customer_client.post(reverse("storefront:cart_add", args=[501]), {"quantity": 1})
    services.orders.unavailable = True

    response = customer_client.post(
        reverse("storefront:checkout"), {"ship_addr": SHIP_TO}, follow=True
    )

    assert "We could not reach our order system" in response.content.decode()
    assert len(response.context["lines"]) == 1  # the cart is kept


def test_an_order_without_a_shop_number_yet_goes_to_the_history(
    customer_client, services, shop, settings
):
    settings.SERVICE_CLIENT = {**settings.SERVICE_CLIENT, "LEGACY_ID_WAIT_S": 0}
    services.orders.assign_legacy_ids = False

    response = _checkout(customer_client, {501: 1})

    assert response["Location"] == reverse("storefront:order_list")
    assert customer_client.get(reverse("storefront:order_list")).context["orders"] == []


def test_legacy_orders_are_not_read_from_the_table(customer_client, customer, services, shop):
    legacy = OrderLineFactory(order=OrderFactory(cust=customer)).order

    assert (
        customer_client.get(reverse("storefront:order_detail", args=[legacy.pk])).status_code == 404
    )


def test_the_api_places_lists_and_cancels_through_the_service(client, customer, services, shop):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=customer)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

    created = client.post(
        "/api/orders/",
        {"lines": [{"prod_id": 501, "qty": 3}], "ship_addr": SHIP_TO},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    assert created["Location"] == "/api/orders/1000/"
    body = created.json()
    assert (body["order_id"], body["status"], body["total_cents"]) == (1000, "N", 3897)
    assert body["lines"] == [
        {
            "prod_id": 501,
            "prod_code": "SVC-501",
            "prod_name": "Enamel Mug",
            "qty": 3,
            "unit_price_cents": 1299,
            "line_total_cents": 3897,
        }
    ]

    listing = client.get("/api/orders/", **auth).json()
    assert [o["order_id"] for o in listing["results"]] == [1000]

    cancelled = client.post("/api/orders/1000/cancel/", **auth)
    assert cancelled.json()["status"] == "C"

    short = client.post(
        "/api/orders/",
        {"lines": [{"prod_id": 502, "qty": 5}], "ship_addr": SHIP_TO},
        content_type="application/json",
        **auth,
    )
    assert short.status_code == 409
    assert short.json()["shortages"] == [
        {"prod_id": 502, "prod_name": "Border Spade", "qty_wanted": 5, "qty_on_hand": 1}
    ]
    assert not Order.objects.exists()


def test_the_api_says_503_when_the_orders_service_is_unreachable(client, customer, services, shop):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=customer)
    services.orders.unavailable = True

    response = client.post(
        "/api/orders/",
        {"lines": [{"prod_id": 501, "qty": 1}], "ship_addr": SHIP_TO},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )

    assert response.status_code == 503
    assert response.json()["error"] == "ordering_unavailable"
