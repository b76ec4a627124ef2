"""The app's HTTP client for the legacy API: plain `requests`, one method per screen's call."""

from collections.abc import Mapping
from typing import Any

import requests

from .errors import error_from_response
from .models import Account, Category, Order, Page, Product

DEFAULT_TIMEOUT = 10.0


class LegacyShopClient:
    """Talks to `/api/` of the shop at `base_url`; `token` (from `login`) is sent when set.

    Every 4xx answer raises the `ShopApiError` subclass for its `error` code; a 5xx raises
    `requests.HTTPError`, as the app treats it as "try again later".
    """

    def __init__(
        self, base_url: str, *, token: str | None = None, timeout: float = DEFAULT_TIMEOUT
    ):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "LegacyShopClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Login

    def login(self, *, username: str, password: str) -> str:
        """Exchange credentials for the customer's token, and keep using it."""
        body = self._call(
            "POST", "/api/auth/token/", json={"username": username, "password": password}
        )
        self.token = str(body["token"])
        return self.token

    # Catalogue

    def products(self, *, q: str = "", cat: str = "", page: int = 1) -> Page[Product]:
        params: dict[str, str | int] = {"page": page} if page != 1 else {}
        if q:
            params["q"] = q
        if cat:
            params["cat"] = cat
        return Page.parse(self._call("GET", "/api/products/", params=params), Product.parse)

    def product(self, prod_id: int) -> Product:
        return Product.parse(self._call("GET", f"/api/products/{prod_id}/"))

    def categories(self) -> Page[Category]:
        return Page.parse(self._call("GET", "/api/categories/"), Category.parse)

    # Account

    def account(self) -> Account:
        return Account.parse(self._call("GET", "/api/account/"))

    def update_account(self, **changes: str) -> Account:
        """Change some account fields (first_name, last_name, email, phone_no, addr, newsletter)."""
        return Account.parse(self._call("PATCH", "/api/account/", json=changes))

    # Orders

    def orders(self, *, page: int = 1) -> Page[Order]:
        params = {"page": page} if page != 1 else {}
        return Page.parse(self._call("GET", "/api/orders/", params=params), Order.parse)

    def order(self, order_id: int) -> Order:
        return Order.parse(self._call("GET", f"/api/orders/{order_id}/"))

    def place_order(self, *, lines: dict[int, int], ship_addr: str = "") -> Order:
        """Check out `lines` ({prod_id: qty}); without `ship_addr` the account's address is used."""
        payload: dict[str, Any] = {
            "lines": [{"prod_id": prod_id, "qty": qty} for prod_id, qty in lines.items()]
        }
        if ship_addr:
            payload["ship_addr"] = ship_addr
        return Order.parse(self._call("POST", "/api/orders/", json=payload))

    def cancel_order(self, order_id: int) -> Order:
        return Order.parse(self._call("POST", f"/api/orders/{order_id}/cancel/"))

    # Transport

    def _call(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> Any:
        headers = {"Authorization": f"Token {self.token}"} if self.token else {}
        response = self.session.request(
            method,
            self.base_url + path,
            json=json,
            params=params or None,
            headers=headers,
            timeout=self.timeout,
        )
        if 400 <= response.status_code < 500:
            try:
                body = response.json()
            except ValueError:
                body = response.text
            raise error_from_response(status=response.status_code, body=body)
        response.raise_for_status()
        return response.json()
