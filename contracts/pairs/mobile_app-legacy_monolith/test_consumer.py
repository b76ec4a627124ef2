"""What the mobile app needs from the legacy API: one interaction per call or refusal it handles."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pact import Pact, match
from pact.interaction import HttpInteraction

from contracts.consumers.mobile_app import (
    AuthenticationRequired,
    InsufficientStock,
    InvalidCredentials,
    LegacyShopClient,
    NotCancellable,
    NotFound,
    ValidationFailed,
)

CONSUMER, PROVIDER = "mobile_app", "legacy_monolith"

TOKEN = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
PASSWORD = "correct-horse-battery"
LEGACY_TIMESTAMP = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
ORDER_STATUS = r"^[NHSDC]$"

# Provider states, named with their parameters.
CUSTOMER_WITH_PASSWORD = "a customer {username} with password {password}"
CUSTOMER_WITH_TOKEN = "a customer with token {token}"
PRODUCT_WITH_STOCK = "a product with id {prod_id} and stock {qty}"
PRODUCT_NAMED = "a product with id {prod_id} named {prod_name}"
NO_PRODUCT = "no product with id {prod_id}"
CATEGORY = "a category with slug {slug}"
CUSTOMER_ORDER = "the customer with token {token} has order {order_id} in status {status}"


@pytest.fixture
def pact(pacts_root: Path) -> Iterator[Pact]:
    pact = Pact(CONSUMER, PROVIDER).with_specification("V4")
    yield pact
    pact.write_file(pacts_root / f"{CONSUMER}-{PROVIDER}")


def timestamp(example: str = "2024-03-05 14:07:09") -> Any:
    """Naive local time as the legacy API writes it: no zone, no fraction."""
    return match.regex(example, regex=LEGACY_TIMESTAMP)


def yes_no(example: str = "Y") -> Any:
    return match.regex(example, regex=r"^[YN]$")


def page_of(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "count": match.int(1),
        "page": match.int(1),
        "pages": match.int(1),
        "results": match.each_like(item),
    }


def product_body(*, prod_id: Any = None, prod_name: Any = None) -> dict[str, Any]:
    return {
        "prod_id": prod_id if prod_id is not None else match.int(17),
        "prod_code": match.str("KT-001"),
        "prod_name": prod_name if prod_name is not None else match.str("Kettle"),
        "descr": match.str("Boils water."),
        "price_cents": match.int(2499),
        "qty_on_hand": match.int(7),
        "in_stock": yes_no("Y"),
        "cat_id": match.int(3),
        "cat_name": match.str("Kitchen"),
        # Only products on sale are ever shown.
        "active": "Y",
        "created_dt": timestamp(),
        "modified_dt": timestamp(),
    }


def account_body(**exact: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "cust_id": match.int(42),
        "username": match.str("dora"),
        "first_name": match.str("Dora"),
        "last_name": match.str("Jones"),
        "email": match.str("dora@example.com"),
        "phone_no": match.str("020 7946 0123"),
        "addr": match.str("1 High St\nLeeds\nLS1 1AA"),
        "newsletter": yes_no("Y"),
        "modified_dt": timestamp("2024-12-02 09:00:01"),
    }
    body.update(exact)
    return body


def order_body(*, order_id: Any = None, status: Any = None, ship_dt: Any = None) -> dict[str, Any]:
    return {
        "order_id": order_id if order_id is not None else match.int(1001),
        "cust_id": match.int(42),
        "status": status if status is not None else match.regex("N", regex=ORDER_STATUS),
        "total_cents": match.int(4998),
        "ship_addr": match.str("1 High St\nLeeds\nLS1 1AA"),
        "order_dt": timestamp("2024-11-30 23:59:58"),
        "ship_dt": ship_dt,
        "modified_dt": timestamp("2024-11-30 23:59:58"),
        "lines": match.each_like(
            {
                "prod_id": match.int(17),
                "prod_code": match.str("KT-001"),
                "prod_name": match.str("Kettle"),
                "qty": match.int(2),
                "unit_price_cents": match.int(2499),
                "line_total_cents": match.int(4998),
            }
        ),
    }


def error_body(code: str, **extra: Any) -> dict[str, Any]:
    return {"error": code, "message": match.str("What went wrong, for a person"), **extra}


def with_token(interaction: HttpInteraction) -> HttpInteraction:
    return interaction.with_header(
        "Authorization", match.regex(f"Token {TOKEN}", regex=r"^Token [0-9a-f]{40}$")
    )


# Login


def test_login_returns_the_customers_token(pact: Pact) -> None:
    (
        pact.upon_receiving("a login with the right password")
        .given(CUSTOMER_WITH_PASSWORD, username="dora", password=PASSWORD)
        .with_request("POST", "/api/auth/token/")
        .with_body({"username": "dora", "password": PASSWORD}, content_type="application/json")
        .will_respond_with(200)
        .with_body(
            {"token": match.regex(TOKEN, regex=r"^[0-9a-f]{40}$")}, content_type="application/json"
        )
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url)) as client:
        assert client.login(username="dora", password=PASSWORD) == TOKEN
        assert client.token == TOKEN


def test_login_with_a_wrong_password_is_refused(pact: Pact) -> None:
    (
        pact.upon_receiving("a login with a wrong password")
        .given(CUSTOMER_WITH_PASSWORD, username="dora", password=PASSWORD)
        .with_request("POST", "/api/auth/token/")
        .with_body(
            {"username": "dora", "password": "not-the-password"}, content_type="application/json"
        )
        .will_respond_with(400)
        .with_body(error_body("invalid_credentials"), content_type="application/json")
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url)) as client:
        with pytest.raises(InvalidCredentials):
            client.login(username="dora", password="not-the-password")
        assert client.token is None


# Catalogue


def test_product_list(pact: Pact) -> None:
    (
        pact.upon_receiving("a request for the first page of products")
        .given(PRODUCT_WITH_STOCK, prod_id=17, qty=7)
        .with_request("GET", "/api/products/")
        .will_respond_with(200)
        .with_body(page_of(product_body()), content_type="application/json")
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url)) as client:
        products = client.products()
    assert products.count == 1
    assert products.results[0].prod_name == "Kettle"
    assert products.results[0].in_stock is True


def test_product_search(pact: Pact) -> None:
    (
        pact.upon_receiving("a product search for kettle")
        .given(PRODUCT_NAMED, prod_id=21, prod_name="Red Kettle")
        .with_request("GET", "/api/products/")
        .with_query_parameter("q", "kettle")
        .will_respond_with(200)
        .with_body(
            page_of(product_body(prod_name=match.regex("Red Kettle", regex=r"(?i)^.*kettle.*$"))),
            content_type="application/json",
        )
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url)) as client:
        found = client.products(q="kettle")
    assert [p.prod_name for p in found.results] == ["Red Kettle"]


def test_product_detail(pact: Pact) -> None:
    (
        pact.upon_receiving("a request for product 17")
        .given(PRODUCT_WITH_STOCK, prod_id=17, qty=7)
        .with_request("GET", "/api/products/17/")
        .will_respond_with(200)
        .with_body(product_body(prod_id=17), content_type="application/json")
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url)) as client:
        product = client.product(17)
    assert product.prod_id == 17
    assert product.price_cents == 2499
    assert product.created_dt is not None and product.created_dt.year == 2024


def test_unknown_product_is_not_found(pact: Pact) -> None:
    (
        pact.upon_receiving("a request for a product that is not on sale")
        .given(NO_PRODUCT, prod_id=4242)
        .with_request("GET", "/api/products/4242/")
        .will_respond_with(404)
        .with_body(error_body("not_found"), content_type="application/json")
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url)) as client, pytest.raises(NotFound):
        client.product(4242)


def test_category_list(pact: Pact) -> None:
    (
        pact.upon_receiving("a request for the categories")
        .given(CATEGORY, slug="kitchen")
        .with_request("GET", "/api/categories/")
        .will_respond_with(200)
        .with_body(
            page_of(
                {
                    "cat_id": match.int(3),
                    "cat_name": match.str("Kitchen"),
                    "slug": match.regex("kitchen", regex=r"^[-a-zA-Z0-9_]+$"),
                    "sort_order": match.int(1),
                }
            ),
            content_type="application/json",
        )
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url)) as client:
        categories = client.categories()
    assert [c.slug for c in categories.results] == ["kitchen"]


# Account


def test_account(pact: Pact) -> None:
    (
        with_token(
            pact.upon_receiving("a request for the account")
            .given(CUSTOMER_WITH_TOKEN, token=TOKEN)
            .with_request("GET", "/api/account/")
        )
        .will_respond_with(200)
        .with_body(account_body(), content_type="application/json")
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url), token=TOKEN) as client:
        account = client.account()
    assert account.username == "dora"
    assert account.addr.splitlines() == ["1 High St", "Leeds", "LS1 1AA"]
    assert account.newsletter is True


def test_account_update(pact: Pact) -> None:
    changes = {"phone_no": "0113 496 0000", "newsletter": "N"}
    (
        with_token(
            pact.upon_receiving("an update of the phone number and newsletter flag")
            .given(CUSTOMER_WITH_TOKEN, token=TOKEN)
            .with_request("PATCH", "/api/account/")
            .with_body(changes, content_type="application/json")
        )
        .will_respond_with(200)
        # The changed fields come back as sent: the app shows them without reloading.
        .with_body(account_body(**changes), content_type="application/json")
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url), token=TOKEN) as client:
        account = client.update_account(**changes)
    assert account.phone_no == "0113 496 0000"
    assert account.newsletter is False


def test_account_update_of_a_read_only_field_is_refused(pact: Pact) -> None:
    (
        with_token(
            pact.upon_receiving("an update of the username")
            .given(CUSTOMER_WITH_TOKEN, token=TOKEN)
            .with_request("PATCH", "/api/account/")
            .with_body({"username": "someone-else"}, content_type="application/json")
        )
        .will_respond_with(400)
        .with_body(
            error_body(
                "validation_failed", fields={"username": match.each_like(match.str("not editable"))}
            ),
            content_type="application/json",
        )
    )
    with (
        pact.serve() as srv,
        LegacyShopClient(str(srv.url), token=TOKEN) as client,
        pytest.raises(ValidationFailed) as refused,
    ):
        client.update_account(username="someone-else")
    assert list(refused.value.fields) == ["username"]


# Orders


def test_order_list(pact: Pact) -> None:
    (
        with_token(
            pact.upon_receiving("a request for the customer's orders")
            .given(CUSTOMER_WITH_TOKEN, token=TOKEN)
            .given(CUSTOMER_ORDER, token=TOKEN, order_id=1001, status="N")
            .with_request("GET", "/api/orders/")
        )
        .will_respond_with(200)
        .with_body(page_of(order_body()), content_type="application/json")
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url), token=TOKEN) as client:
        orders = client.orders()
    assert [o.order_id for o in orders.results] == [1001]
    assert orders.results[0].cancellable


def test_order_detail(pact: Pact) -> None:
    (
        with_token(
            pact.upon_receiving("a request for order 1001")
            .given(CUSTOMER_WITH_TOKEN, token=TOKEN)
            .given(CUSTOMER_ORDER, token=TOKEN, order_id=1001, status="S")
            .with_request("GET", "/api/orders/1001/")
        )
        .will_respond_with(200)
        .with_body(
            order_body(order_id=1001, status="S", ship_dt=timestamp("2024-12-01 10:00:00")),
            content_type="application/json",
        )
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url), token=TOKEN) as client:
        order = client.order(1001)
    assert order.status_label == "shipped"
    assert order.ship_dt is not None
    assert order.lines[0].line_total_cents == 4998


def test_someone_elses_or_unknown_order_is_not_found(pact: Pact) -> None:
    (
        with_token(
            pact.upon_receiving("a request for an order that is not the customer's")
            .given(CUSTOMER_WITH_TOKEN, token=TOKEN)
            .with_request("GET", "/api/orders/4242/")
        )
        .will_respond_with(404)
        .with_body(error_body("not_found"), content_type="application/json")
    )
    with (
        pact.serve() as srv,
        LegacyShopClient(str(srv.url), token=TOKEN) as client,
        pytest.raises(NotFound),
    ):
        client.order(4242)


def test_place_order(pact: Pact) -> None:
    (
        with_token(
            pact.upon_receiving("a checkout of two of product 17 to the account's address")
            .given(CUSTOMER_WITH_TOKEN, token=TOKEN)
            .given(PRODUCT_WITH_STOCK, prod_id=17, qty=7)
            .with_request("POST", "/api/orders/")
            .with_body({"lines": [{"prod_id": 17, "qty": 2}]}, content_type="application/json")
        )
        .will_respond_with(201)
        .with_header("Location", match.regex("/api/orders/1001/", regex=r"^/api/orders/\d+/$"))
        .with_body(order_body(status="N"), content_type="application/json")
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url), token=TOKEN) as client:
        order = client.place_order(lines={17: 2})
    assert order.status == "N"
    assert [(line.prod_id, line.qty) for line in order.lines] == [(17, 2)]


def test_place_order_with_too_little_stock_is_a_conflict(pact: Pact) -> None:
    (
        with_token(
            pact.upon_receiving("a checkout of more than is in stock")
            .given(CUSTOMER_WITH_TOKEN, token=TOKEN)
            .given(PRODUCT_WITH_STOCK, prod_id=12, qty=1)
            .with_request("POST", "/api/orders/")
            .with_body({"lines": [{"prod_id": 12, "qty": 2}]}, content_type="application/json")
        )
        .will_respond_with(409)
        .with_body(
            error_body(
                "insufficient_stock",
                shortages=match.each_like(
                    {
                        "prod_id": 12,
                        "prod_name": match.str("Last Lamp"),
                        "qty_wanted": 2,
                        "qty_on_hand": 1,
                    }
                ),
            ),
            content_type="application/json",
        )
    )
    with (
        pact.serve() as srv,
        LegacyShopClient(str(srv.url), token=TOKEN) as client,
        pytest.raises(InsufficientStock) as refused,
    ):
        client.place_order(lines={12: 2})
    [shortage] = refused.value.shortages
    assert (shortage.prod_id, shortage.qty_wanted, shortage.qty_on_hand) == (12, 2, 1)


def test_place_order_with_an_invalid_quantity_is_refused(pact: Pact) -> None:
    (
        with_token(
            pact.upon_receiving("a checkout with a quantity of zero")
            .given(CUSTOMER_WITH_TOKEN, token=TOKEN)
            .given(PRODUCT_WITH_STOCK, prod_id=17, qty=7)
            .with_request("POST", "/api/orders/")
            .with_body({"lines": [{"prod_id": 17, "qty": 0}]}, content_type="application/json")
        )
        .will_respond_with(400)
        .with_body(
            error_body(
                "validation_failed",
                fields={
                    "lines.0.qty": match.each_like(
                        match.str("Ensure this value is greater than or equal to 1.")
                    )
                },
            ),
            content_type="application/json",
        )
    )
    with (
        pact.serve() as srv,
        LegacyShopClient(str(srv.url), token=TOKEN) as client,
        pytest.raises(ValidationFailed) as refused,
    ):
        client.place_order(lines={17: 0})
    assert list(refused.value.fields) == ["lines.0.qty"]


def test_cancel_order(pact: Pact) -> None:
    (
        with_token(
            pact.upon_receiving("a cancellation of new order 1001")
            .given(CUSTOMER_WITH_TOKEN, token=TOKEN)
            .given(CUSTOMER_ORDER, token=TOKEN, order_id=1001, status="N")
            .with_request("POST", "/api/orders/1001/cancel/")
        )
        .will_respond_with(200)
        .with_body(order_body(order_id=1001, status="C"), content_type="application/json")
    )
    with pact.serve() as srv, LegacyShopClient(str(srv.url), token=TOKEN) as client:
        order = client.cancel_order(1001)
    assert order.status_label == "cancelled"
    assert not order.cancellable


def test_cancel_shipped_order_is_a_conflict(pact: Pact) -> None:
    (
        with_token(
            pact.upon_receiving("a cancellation of shipped order 1002")
            .given(CUSTOMER_WITH_TOKEN, token=TOKEN)
            .given(CUSTOMER_ORDER, token=TOKEN, order_id=1002, status="S")
            .with_request("POST", "/api/orders/1002/cancel/")
        )
        .will_respond_with(409)
        .with_body(
            error_body("not_cancellable", order_id=1002, status="S"),
            content_type="application/json",
        )
    )
    with (
        pact.serve() as srv,
        LegacyShopClient(str(srv.url), token=TOKEN) as client,
        pytest.raises(NotCancellable) as refused,
    ):
        client.cancel_order(1002)
    assert refused.value.order_status == "S"


# Authentication failures the app sends the user back to the login screen for


def test_orders_without_a_token_need_authentication(pact: Pact) -> None:
    (
        pact.upon_receiving("a request for the orders without a token")
        .with_request("GET", "/api/orders/")
        .will_respond_with(401)
        .with_header("WWW-Authenticate", "Token")
        .with_body(error_body("not_authenticated"), content_type="application/json")
    )
    with (
        pact.serve() as srv,
        LegacyShopClient(str(srv.url)) as client,
        pytest.raises(AuthenticationRequired) as refused,
    ):
        client.orders()
    assert refused.value.code == "not_authenticated"


def test_a_revoked_token_is_refused(pact: Pact) -> None:
    (
        with_token(
            pact.upon_receiving(
                "a request for the account with a token the shop does not know"
            ).with_request("GET", "/api/account/")
        )
        .will_respond_with(401)
        .with_body(error_body("authentication_failed"), content_type="application/json")
    )
    with (
        pact.serve() as srv,
        LegacyShopClient(str(srv.url), token=TOKEN) as client,
        pytest.raises(AuthenticationRequired) as refused,
    ):
        client.account()
    assert refused.value.code == "authentication_failed"
