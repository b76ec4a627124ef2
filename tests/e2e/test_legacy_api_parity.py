"""A legacy API client gets the same answers whether the monolith or a service serves the route.

The same shop is in the monolith and, through `strangler backfill`, in the users, products and
orders services. Two strangler proxies stand in front, one with every feature at stage `legacy`
and one at stage `new`; the mobile app's client (`contracts/consumers/mobile_app`) makes each
request through both, and the raw answers must be equal: status, body bytes and every header
except `X-Strangler-Backend` (which says who answered) and `Date` (the clock, which differs
between two legacy answers too). Writes are made on both sides (each side applies its own);
their answers may differ only in the time the write happened (`modified_dt`, within seconds).

Routes with parity here: products list (pages, search, category, every refusal), product
detail (on sale, withdrawn, unknown, out of range, not a number, HEAD), categories, account
(GET, PATCH and its refusals, 401, 405, 415, malformed JSON), orders list, order detail and
order cancel (own, someone else's, shipped, unknown). Not at parity, by design: placing an
order (`POST /api/orders/`), see `acl/proxy_translators/orders.py`.

Callers signed in by the monolith's session cookie get the same answers too (`Vary: Cookie`),
and their unsafe requests the same CSRF check (403 `permission_denied` without the token); a
bad or revoked token gets the same 401 `authentication_failed`, never an anonymous answer.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
import requests
from django.core.management import call_command
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from contracts.consumers.mobile_app import LegacyShopClient, ShopApiError
from legacy_monolith.factories import (
    DEFAULT_PASSWORD,
    CategoryFactory,
    OrderFactory,
    OrderLineFactory,
    ProductFactory,
    UserFactory,
)
from legacy_monolith.orders.models import Order
from messaging.tests.support import wait_until

from .legacy_api_parity_support import ParityStack, Proxies, proxies_log_tail

# Marked for the database only so that pytest-django creates it: the tests read through HTTP,
# and the shop is seeded (committed) once for the module, for the servers to read.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.timeout(300),
]

IGNORED_HEADERS = {"x-strangler-backend", "date"}
WRITE_TIME_FIELDS = ("modified_dt",)
_request_ids = itertools.count(1)


@dataclass(frozen=True)
class Shop:
    proxies: Proxies
    token: str
    other_token: str
    kettle: int
    withdrawn: int
    new_order: int
    held_order: int
    shipped_order: int
    other_customers_order: int
    session: str
    stack: ParityStack


def _seed() -> dict[str, Any]:
    """A small shop with the legacy API's awkward cases: two pages of products, a hidden
    category, a withdrawn product, names with accents, orders in every status."""
    kitchen = CategoryFactory(cat_name="Kitchen", slug="kitchen", sort_order=1)
    garden = CategoryFactory(cat_name="Garden & Patio", slug="garden", sort_order=2)
    hidden = CategoryFactory(cat_name="Clearance", slug="clearance", sort_order=3, visible_yn="N")
    kettle = ProductFactory(
        prod_name="Red kettle", prod_code="KT-RED", descr="Boils water.", cat=kitchen
    )
    ProductFactory(prod_name="Kettle", descr="A red one.\nWith a whistle.", cat=kitchen)
    ProductFactory(
        prod_name="Café crème cups", descr="Two cups \u2013 \u00abporcelain\u00bb", cat=kitchen
    )
    ProductFactory(prod_name="Empty shelf", qty_on_hand=0, price_cents=1, cat=kitchen)
    ProductFactory(prod_name="Last lamp", cat=hidden)
    withdrawn = ProductFactory(prod_name="Old kettle", active_yn="N", cat=kitchen)
    for number in range(20):
        ProductFactory(prod_name=f"Garden gnome {number:02d}", price_cents=999 + number, cat=garden)

    customer = UserFactory(username="dora", profile__newsletter_yn="Y")
    other = UserFactory(username="eve")
    UserFactory(username="frank")  # signs in and out again: a revoked token
    orders = {}
    start = datetime(2025, 3, 1, 9, 30, 15)
    for offset, status in enumerate(("N", "H", "S", "C")):
        order = OrderFactory(cust=customer, status=status, total_cents=0)
        OrderLineFactory(order=order, prod=kettle, qty=2)
        OrderLineFactory(order=order, prod=withdrawn, qty=1, unit_price_cents=150)
        placed = start + timedelta(days=offset)
        Order.objects.filter(pk=order.pk).update(
            order_dt=placed,
            total_cents=2 * kettle.price_cents + 150,
            ship_dt=placed + timedelta(hours=5) if status == "S" else None,
        )
        orders[status] = order.pk
    orders["other"] = OrderFactory(cust=other).pk
    OrderLineFactory(order_id=orders["other"], prod=kettle, qty=1)
    return {"kettle": kettle.pk, "withdrawn": withdrawn.pk, "orders": orders, "customer": customer}


@pytest.fixture(scope="module")
def shop(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Shop]:
    if connection.vendor != "postgresql":
        pytest.skip("the parity test needs PostgreSQL (DATABASE_URL)")
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings.get('USER') or 'postgres'}@{settings.get('HOST') or '127.0.0.1'}"
        f":{settings.get('PORT') or 5432}/{settings['NAME']}"
    )
    with django_db_blocker.unblock():
        seeded = _seed()
        browser = Client()
        browser.force_login(seeded["customer"])
        session = browser.cookies["sessionid"].value
    stack = ParityStack(legacy_database_url=database_url, logs=tmp_path_factory.mktemp("parity"))
    try:
        for feature in ("users", "products", "orders"):
            stack.create_service(feature)
            stack.backfill(feature)
        stack.start_monolith_api()
        for feature in ("users", "products", "orders"):
            stack.start_api(feature)
        proxies = stack.start_proxies()
        tokens = [
            LegacyShopClient(proxies.legacy).login(username=name, password=DEFAULT_PASSWORD)
            for name in ("dora", "eve")
        ]
        yield Shop(
            proxies=proxies,
            token=tokens[0],
            other_token=tokens[1],
            kettle=seeded["kettle"],
            withdrawn=seeded["withdrawn"],
            new_order=seeded["orders"]["N"],
            held_order=seeded["orders"]["H"],
            shipped_order=seeded["orders"]["S"],
            other_customers_order=seeded["orders"]["other"],
            session=session,
            stack=stack,
        )
    finally:
        stack.close()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


# -- making the same request through both proxies ------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the client made of one answer, and the raw answer."""

    result: Any
    error: tuple[Any, ...] | None
    status: int
    headers: dict[str, list[str]]
    body: bytes

    def short(self) -> str:
        return f"{self.status} {self.headers} {self.body[:600]!r} error={self.error}"


def _through(
    base_url: str, token: str | None, request_id: str, action: Callable[[LegacyShopClient], Any]
) -> Outcome:
    answers: list[requests.Response] = []
    with LegacyShopClient(base_url, token=token) as client:
        client.session.hooks["response"].append(lambda response, *a, **k: answers.append(response))
        client.session.headers["X-Request-Id"] = request_id
        result, error = None, None
        try:
            result = action(client)
        except ShopApiError as exc:
            error = (type(exc).__name__, exc.status, exc.code, exc.message, exc.body)
        except requests.HTTPError as exc:
            error = ("HTTPError", exc.response.status_code)
    (answer,) = answers
    headers: dict[str, list[str]] = {}
    for name, value in answer.raw.headers.items():
        if name.lower() not in IGNORED_HEADERS:
            headers.setdefault(name.lower(), []).append(value)
    return Outcome(result, error, answer.status_code, headers, answer.content)


def both(
    shop: Shop, action: Callable[[LegacyShopClient], Any], *, token: str | None = None
) -> tuple[Outcome, Outcome]:
    request_id = f"parity-{next(_request_ids)}"
    legacy = _through(shop.proxies.legacy, token, request_id, action)
    new = _through(shop.proxies.new, token, request_id, action)
    return legacy, new


def assert_same(
    shop: Shop, legacy: Outcome, new: Outcome, *, mask: Callable[[Any], Any] | None = None
) -> None:
    """Equal answers; with `mask`, the JSON bodies are compared after it (known differences)."""
    context = f"\nlegacy: {legacy.short()}\nnew:    {new.short()}\n{proxies_log_tail(shop.stack)}"
    assert new.status == legacy.status, context
    assert {k: sorted(v) for k, v in new.headers.items()} == {
        k: sorted(v) for k, v in legacy.headers.items()
    }, context
    assert new.error == legacy.error, context
    if mask is None:
        assert new.body == legacy.body, context
        assert new.result == legacy.result, context
    else:
        assert mask(json.loads(new.body)) == mask(json.loads(legacy.body)), context


def parity(
    shop: Shop,
    action: Callable[[LegacyShopClient], Any],
    *,
    token: str | None = None,
    mask: Callable[[Any], Any] | None = None,
) -> Outcome:
    legacy, new = both(shop, action, token=token)
    assert_same(shop, legacy, new, mask=mask)
    return legacy


def without_order_times(body: Any) -> Any:
    """An order answer without each order's `modified_dt`: the orders service shows when its
    copy was last written (the backfill), not when the legacy shop last changed the order."""
    orders = body.get("results", [body]) if isinstance(body, dict) else []
    for order in orders:
        if isinstance(order, dict):
            order.pop("modified_dt", None)
    return body


def raw(method: str, path: str, **kwargs: Any) -> Callable[[LegacyShopClient], None]:
    """A request the app's methods do not make (odd query strings, bodies, methods), sent
    through the app's session with its headers."""

    def action(client: LegacyShopClient) -> None:
        headers = dict(kwargs.get("headers", {}))
        if client.token:
            headers["Authorization"] = f"Token {client.token}"
        options = {**kwargs, "headers": headers}
        client.session.request(method, client.base_url + path, timeout=10, **options)

    return action


# -- products and categories -----------------------------------------------------------------------


def test_product_pages_are_the_same(shop: Shop) -> None:
    first = parity(shop, lambda client: client.products())
    parity(shop, lambda client: client.products(page=2))

    assert (first.result.count, first.result.pages, len(first.result.results)) == (25, 2, 20)
    assert first.result.results[0].prod_name == "Café crème cups"


def test_product_search_and_category_are_the_same(shop: Shop) -> None:
    found = parity(shop, lambda client: client.products(q="red kettle"))
    parity(shop, lambda client: client.products(q="KETTLE"))
    parity(shop, lambda client: client.products(q="gnome", cat="garden"))
    parity(shop, lambda client: client.products(cat="kitchen", page=1))
    parity(shop, lambda client: client.products(q="nothing like this"))

    assert [p.prod_name for p in found.result.results] == ["Kettle", "Red kettle"]


@pytest.mark.parametrize(
    "query",
    [
        "?page=3",
        "?page=0",
        "?page=abc",
        "?page=%201",
        "?page=1&page=9",
        "?cat=clearance",
        "?cat=no-such-aisle",
        "?cat=%20kitchen%20",
        "?q=" + "x" * 201,
        "?q=" + "x" * 201 + "&cat=nope",
        "?q=%00&page=0",
        "?cat=garden&page=2",
        "?q=+++",
    ],
)
def test_product_list_refusals_are_the_same(shop: Shop, query: str) -> None:
    parity(shop, raw("GET", f"/api/products/{query}"))


def test_product_detail_is_the_same(shop: Shop) -> None:
    shown = parity(shop, lambda client: client.product(shop.kettle))
    parity(shop, lambda client: client.product(shop.kettle), token=shop.token)

    assert shown.result.prod_code == "KT-RED"


@pytest.mark.parametrize("path", ["withdrawn", "999999", "0", "0042", "99999999999", "abc", "12.5"])
def test_product_detail_refusals_are_the_same(shop: Shop, path: str) -> None:
    target = str(shop.withdrawn) if path == "withdrawn" else path
    parity(shop, raw("GET", f"/api/products/{target}/"))


def test_head_answers_are_the_same(shop: Shop) -> None:
    listed = parity(shop, raw("HEAD", "/api/products/?q=kettle"))
    parity(shop, raw("HEAD", f"/api/products/{shop.kettle}/"))

    assert listed.body == b""
    assert int(listed.headers["content-length"][0]) > 0


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/api/products/", "text/html"),
        ("/api/products/?format=xml", "application/json; indent=4"),
        ("/api/products/?format=json", "text/html"),
        ("/api/products/?q=kettle", "text/html, application/json; indent=4"),
        ("/api/categories/?page=x", "*/*;indent=2"),
        ("/api/products/1/", "image/png"),
        ("/api/products/abc/", "image/png"),
        ("/api/account/", "text/html"),
        ("/api/account/", "application/*;indent=3"),
        ("/api/orders/", "application/xml"),
    ],
)
def test_what_the_client_accepts_is_judged_alike(shop: Shop, path: str, accept: str) -> None:
    parity(shop, raw("GET", path, headers={"Accept": accept}))
    parity(shop, raw("GET", path, headers={"Accept": accept}), token=shop.token)


def test_categories_are_the_same(shop: Shop) -> None:
    shown = parity(shop, lambda client: client.categories())
    parity(shop, lambda client: client.categories(), token=shop.token)
    parity(shop, raw("GET", "/api/categories/?page=2"))
    parity(shop, raw("GET", "/api/categories/?page=x"))

    assert [c.slug for c in shown.result.results] == ["kitchen", "garden"]


# -- account ---------------------------------------------------------------------------------------


def test_the_account_is_the_same(shop: Shop) -> None:
    shown = parity(shop, lambda client: client.account(), token=shop.token)
    parity(shop, lambda client: client.account())

    assert shown.result.username == "dora"
    assert shown.result.newsletter is True


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ({"first_name": "D" * 151, "cust_id": 5, "colour": "red"}, "application/json"),
        ({"newsletter": "yes", "phone_no": None}, "application/json"),
        ({"email": "not an address"}, "application/json"),
        ({"phone_no": 12, "last_name": ["x"]}, "application/json"),
        ([{"first_name": "Dora"}], "application/json"),
        ('{"first_name": ', "application/json"),
        ("first_name=Dora", "text/plain"),
    ],
)
def test_account_change_refusals_are_the_same(shop: Shop, body: Any, content_type: str) -> None:
    payload = body if isinstance(body, str) else json.dumps(body)
    parity(
        shop,
        raw("PATCH", "/api/account/", data=payload, headers={"Content-Type": content_type}),
        token=shop.token,
    )


def test_account_methods_and_sign_in_are_refused_alike(shop: Shop) -> None:
    parity(shop, raw("PUT", "/api/account/", json={"first_name": "Dora"}), token=shop.token)
    parity(shop, lambda client: client.update_account(first_name="Dora"))


def test_an_account_change_answers_the_same(shop: Shop) -> None:
    def change(client: LegacyShopClient) -> Any:
        return client.update_account(
            phone_no=" 0113 496 0000 ", newsletter="N", addr="2 Park Row\nLeeds\nLS1 5HD"
        )

    legacy, new = both(shop, change, token=shop.token)
    assert_same_write(shop, legacy, new)
    assert (legacy.result.phone_no, legacy.result.newsletter) == ("0113 496 0000", False)


def assert_same_write(shop: Shop, legacy: Outcome, new: Outcome) -> None:
    """Equal except for the time each side made the write, which must be seconds apart."""
    legacy_body, new_body = json.loads(legacy.body), json.loads(new.body)
    for field in WRITE_TIME_FIELDS:
        legacy_time = datetime.fromisoformat(legacy_body.pop(field))
        new_time = datetime.fromisoformat(new_body.pop(field))
        assert abs(new_time - legacy_time) < timedelta(seconds=10)
    assert new_body == legacy_body
    assert (new.status, new.headers) == (legacy.status, legacy.headers)


# -- orders ----------------------------------------------------------------------------------------


def test_the_order_history_is_the_same(shop: Shop) -> None:
    history = parity(
        shop, lambda client: client.orders(), token=shop.token, mask=without_order_times
    )
    parity(shop, lambda client: client.orders(page=2), token=shop.token)
    parity(shop, raw("GET", "/api/orders/?page=zero"), token=shop.token)
    parity(shop, lambda client: client.orders())

    assert [o.status for o in history.result.results] == ["C", "S", "H", "N"]


def test_an_order_is_the_same(shop: Shop) -> None:
    shown = parity(
        shop,
        lambda client: client.order(shop.shipped_order),
        token=shop.token,
        mask=without_order_times,
    )
    parity(shop, lambda client: client.order(shop.other_customers_order), token=shop.token)
    parity(shop, lambda client: client.order(987654), token=shop.token)
    parity(shop, raw("GET", "/api/orders/x1/"), token=shop.token)
    parity(shop, lambda client: client.order(shop.new_order))

    assert [(line.prod_id, line.qty) for line in shown.result.lines] == [
        (shop.kettle, 2),
        (shop.withdrawn, 1),
    ]


def test_cancel_refusals_are_the_same(shop: Shop) -> None:
    refused = parity(shop, lambda client: client.cancel_order(shop.shipped_order), token=shop.token)
    parity(shop, lambda client: client.cancel_order(shop.other_customers_order), token=shop.token)
    parity(shop, lambda client: client.cancel_order(424242), token=shop.token)
    parity(shop, lambda client: client.cancel_order(shop.new_order))

    assert refused.error[2] == "not_cancellable"


def test_a_cancel_answers_the_same(shop: Shop) -> None:
    legacy, new = both(shop, lambda client: client.cancel_order(shop.held_order), token=shop.token)

    assert_same_write(shop, legacy, new)
    assert legacy.result.status == "C"
    # Both sides kept the cancel and put the stock back on the shelf.
    parity(
        shop,
        lambda client: client.order(shop.held_order),
        token=shop.token,
        mask=without_order_times,
    )
    # The restock is a write on each side too: its time may differ by the seconds between them.
    wait_until(
        lambda: _same_product(shop, shop.kettle), timeout=10, what="the restock on both sides"
    )
    restocked = parity(shop, lambda client: client.product(shop.kettle), mask=without_time)
    assert restocked.result.qty_on_hand == 10 + 2


def without_time(body: Any) -> Any:
    body.pop("modified_dt", None)
    return body


def _same_product(shop: Shop, prod_id: int) -> bool:
    legacy, new = both(shop, lambda client: client.product(prod_id))
    return without_time(json.loads(legacy.body)) == without_time(json.loads(new.body))


# -- sessions, CSRF and refused tokens ------------------------------------------------------------


def as_browser(shop: Shop, method: str, path: str, *, csrf: bool, **kwargs: Any) -> Callable:
    """A request as the shop's pages send it: the session cookie, the CSRF cookie and (when
    `csrf`) its token in `X-CSRFToken`, from the origin the client reached."""
    secret = _get_new_csrf_string()

    def action(client: LegacyShopClient) -> None:
        headers = {"Origin": client.base_url}
        if csrf:
            headers["X-CSRFToken"] = secret
        cookies = {"sessionid": shop.session, "csrftoken": secret}
        client.session.request(
            method, client.base_url + path, headers=headers, cookies=cookies, timeout=10, **kwargs
        )

    return action


def test_session_callers_get_the_same_answers(shop: Shop) -> None:
    shown = parity(shop, as_browser(shop, "GET", "/api/account/", csrf=False))
    # Earlier writes (the restock) left each side its own modified_dt.
    parity(
        shop,
        as_browser(shop, "GET", "/api/products/?q=kettle", csrf=False),
        mask=without_order_times,
    )
    parity(
        shop,
        as_browser(shop, "GET", f"/api/orders/{shop.shipped_order}/", csrf=False),
        mask=without_order_times,
    )

    assert shown.status == 200
    assert shown.headers["vary"] == ["Cookie"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "/api/account/", {"first_name": "Mallory"}),
        ("PUT", "/api/account/", {"first_name": "Mallory"}),
        ("POST", "/api/orders/{new_order}/cancel/", None),
    ],
)
def test_a_session_write_without_the_csrf_token_is_refused_alike(
    shop: Shop, method: str, path: str, body: Any
) -> None:
    target = path.format(new_order=shop.new_order)
    refused = parity(shop, as_browser(shop, method, target, csrf=False, json=body))

    assert refused.status == 403
    assert json.loads(refused.body)["error"] == "permission_denied"
    # Nothing was written on either side.
    account = parity(shop, lambda client: client.account(), token=shop.token)
    assert account.result.first_name != "Mallory"
    order = parity(
        shop,
        lambda client: client.order(shop.new_order),
        token=shop.token,
        mask=without_order_times,
    )
    assert order.result.status == "N"


def test_a_session_write_with_the_csrf_token_answers_the_same(shop: Shop) -> None:
    change = as_browser(shop, "PATCH", "/api/account/", csrf=True, json={"last_name": "Explorer"})
    legacy, new = both(shop, change)

    assert_same_write(shop, legacy, new)
    assert json.loads(legacy.body)["last_name"] == "Explorer"
    assert legacy.headers["vary"] == ["Cookie"]


def test_a_bad_or_revoked_token_is_refused_alike(shop: Shop) -> None:
    revoked = LegacyShopClient(shop.proxies.legacy).login(
        username="frank", password=DEFAULT_PASSWORD
    )
    requests.delete(
        f"{shop.proxies.legacy}/api/auth/token/",
        headers={"Authorization": f"Token {revoked}"},
        timeout=10,
    ).raise_for_status()
    for token in ("not-a-real-key", revoked):
        refused = parity(shop, lambda client: client.products(), token=token)
        parity(shop, lambda client: client.account(), token=token)
        parity(shop, lambda client: client.cancel_order(shop.new_order), token=token)

        assert refused.status == 401
        assert refused.error[2] == "authentication_failed"
