"""`/api/orders/`, `/api/orders/<id>/` and `/api/orders/<id>/cancel/` answered by the orders service.

Legacy clients know orders by their legacy number only, so they are shown only the orders the
legacy shop knows (`has_legacy_id=true`: an order placed in the service joins once reverse sync
numbered it; a rejected one never does), and only their own: the service shows staff every
order, so a staff caller's list is narrowed to the orders of their own legacy account.

Placing an order is not translated: the service gives an order its legacy number only later,
through reverse sync, and the legacy answer must carry it. A `POST /api/orders/` served here is
the legacy API's 503 `ordering_unavailable` (nothing is placed; the client tries again later).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import jwt

from acl.errors import TranslationError
from acl.fields import LEGACY_MAX_INT
from acl.ids import Kind, legacy_uuid
from acl.legacy_api.orders import order_to_api
from acl.status import status_to_letter
from strangler_proxy.data_plane.translation import ApiRequest, ApiResponse

from . import inputs
from .wire import (
    LEGACY_PAGE_SIZE,
    Endpoint,
    Refusal,
    ask_nothing,
    error_body,
    is_signed_in,
    legacy_answer,
    legacy_page,
    not_authenticated,
    page_past_the_end,
    query_value,
    read_method,
    service_failure,
    service_json,
    service_request,
    unacceptable,
    validation_failed,
)

LIST = Endpoint("GET, POST, HEAD, OPTIONS")
DETAIL = Endpoint("GET, HEAD, OPTIONS")
CANCEL = Endpoint("POST, OPTIONS")
ORDERS = "/api/v1/orders/"
_DETAIL_PATH = re.compile(r"^/api/orders/([^/]*)/$")
_CANCEL_PATH = re.compile(r"^/api/orders/([^/]*)/cancel/$")
_LEGACY_ID = re.compile(r"[0-9]+")
# legacy_monolith/orders/models.py: OrderStatus labels, as the monolith's refusals print them.
STATUS_LABELS = {"N": "new", "H": "on hold", "S": "shipped", "D": "delivered", "C": "cancelled"}
PLACING_UNAVAILABLE = (
    "Orders cannot be placed through this API at the moment; nothing was placed. "
    "Please try again later."
)


def own_orders(request: ApiRequest) -> dict[str, Any]:
    """The service's filters for "the caller's orders, as the legacy shop knows them"."""
    query: dict[str, Any] = {"has_legacy_id": "true"}
    caller = _forwarded_caller(request)
    if caller.get("staff") and str(caller.get("sub", "")).isdigit():
        # Staff see every order in the service; the legacy API shows them their own only.
        query["customer_id"] = str(legacy_uuid(Kind.CUSTOMER, int(caller["sub"])))
    return query


def _forwarded_caller(request: ApiRequest) -> dict[str, Any]:
    """The claims of the identity the proxy forwards (the service verifies the signature)."""
    token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    try:
        return dict(jwt.decode(token, options={"verify_signature": False}))
    except jwt.PyJWTError:
        return {}


def _order_id(request: ApiRequest, pattern: re.Pattern[str]) -> int | None:
    """The order number in the path; None when the path names no endpoint."""
    match = pattern.match(request.path)
    if match is None or not _LEGACY_ID.fullmatch(match.group(1)):
        return None
    return int(match.group(1))


def _page(request: ApiRequest) -> int | None:
    try:
        return inputs.page_number(query_value(request, "page", "1"))
    except inputs.Invalid:
        return None


def _legacy_order(order: Mapping[str, Any]) -> dict[str, Any]:
    """The API order for the service's order; its lines name their products' SKU and name.

    The monolith lists lines in the order they were written (by line id), the service by
    product name: lines are put back in legacy order (lines born in the service last).
    """
    lines = sorted(order["lines"], key=_line_position)
    products = {
        str(line["product_id"]): {"sku": line["sku"], "name": line["name"]} for line in lines
    }
    return order_to_api(order={**order, "lines": lines}, products=products)


def _line_position(line: Mapping[str, Any]) -> tuple[bool, int]:
    legacy_id = line.get("legacy_id")
    return (legacy_id is None, legacy_id or 0)


def _no_endpoint(request: ApiRequest, response: ApiResponse) -> ApiResponse:
    body = error_body("not_found", f"No API endpoint at {request.path}")
    return legacy_answer(status=404, body=body, request=request, endpoint=None, service=response)


def _not_yours(order_id: int) -> Refusal:
    return Refusal(404, error_body("not_found", f"No order {order_id} on this account"))


class _OrderEndpoint:
    endpoint: Endpoint

    def _answer(
        self, status: int, body: Any, request: ApiRequest, response: ApiResponse
    ) -> ApiResponse:
        return legacy_answer(
            status=status, body=body, request=request, endpoint=self.endpoint, service=response
        )

    def _refused(self, refusal: Refusal, request: ApiRequest, response: ApiResponse) -> ApiResponse:
        return refusal.answer(request, response, self.endpoint)

    def _order(self, order: Any, request: ApiRequest, response: ApiResponse) -> ApiResponse:
        try:
            return self._answer(200, _legacy_order(order), request, response)
        except (TranslationError, KeyError, TypeError) as error:
            return service_failure(request, response, self.endpoint, f"untranslatable: {error}")


class OrderList(_OrderEndpoint):
    """`GET /api/orders/?page=` → `GET /api/v1/orders/?has_legacy_id=true&page=` (newest first
    on both sides). `POST` is refused, see the module's docstring."""

    endpoint = LIST

    def refusal(self, request: ApiRequest) -> Refusal | None:
        if (refusal := unacceptable(request)) is not None:
            return refusal
        if not is_signed_in(request):
            return not_authenticated()
        if request.method == "POST":
            return Refusal(503, error_body("ordering_unavailable", PLACING_UNAVAILABLE))
        if _page(request) is None:
            return Refusal(400, validation_failed({"page": [inputs.PAGE_MESSAGE]}))
        return None

    def to_new(self, request: ApiRequest, params: Mapping[str, str]) -> ApiRequest:
        if self.refusal(request) is not None:
            return ask_nothing(request)
        query = {**own_orders(request), "page": _page(request), "page_size": LEGACY_PAGE_SIZE}
        return service_request(request, method=read_method(request), path=ORDERS, query=query)

    def to_legacy(self, response: ApiResponse, request: ApiRequest) -> ApiResponse:
        refusal = self.refusal(request)
        if refusal is not None:
            return self._refused(refusal, request, response)
        page = _page(request) or 1
        if response.status == 404:
            return page_past_the_end(request, response, self.endpoint, page)
        if response.status == 401:
            return self._refused(not_authenticated(), request, response)
        if response.status != 200:
            return service_failure(request, response, self.endpoint)
        found = service_json(response)
        try:
            results = [_legacy_order(order) for order in found["results"]]
        except (TranslationError, KeyError, TypeError) as error:
            return service_failure(request, response, self.endpoint, f"untranslatable: {error}")
        return self._answer(
            200, legacy_page(service_page=found, page=page, results=results), request, response
        )


class OrderDetail(_OrderEndpoint):
    """`GET /api/orders/<id>/` → `GET /api/v1/orders/?legacy_id=<id>` among the caller's own."""

    endpoint = DETAIL

    def refusal(self, request: ApiRequest) -> Refusal | None:
        order_id = _order_id(request, _DETAIL_PATH)
        if (refusal := unacceptable(request)) is not None:
            return refusal
        if not is_signed_in(request):
            return not_authenticated()
        if order_id is not None and not 1 <= order_id <= LEGACY_MAX_INT:
            return _not_yours(order_id)
        return None

    def to_new(self, request: ApiRequest, params: Mapping[str, str]) -> ApiRequest:
        order_id = _order_id(request, _DETAIL_PATH)
        if order_id is None or self.refusal(request) is not None:
            return ask_nothing(request)
        query = {**own_orders(request), "legacy_id": order_id, "page_size": 1}
        return service_request(request, method=read_method(request), path=ORDERS, query=query)

    def to_legacy(self, response: ApiResponse, request: ApiRequest) -> ApiResponse:
        order_id = _order_id(request, _DETAIL_PATH)
        if order_id is None:
            return _no_endpoint(request, response)
        refusal = self.refusal(request)
        if refusal is not None:
            return self._refused(refusal, request, response)
        if response.status != 200:
            return service_failure(request, response, self.endpoint)
        found = service_json(response)
        if not found.get("results"):
            return self._refused(_not_yours(order_id), request, response)
        return self._order(found["results"][0], request, response)


class OrderCancel(_OrderEndpoint):
    """`POST /api/orders/<id>/cancel/` → `POST /api/v1/orders/<uuid>/cancel/`.

    The order's UUID is the one every legacy-born order has (uuid5 of its number); an order
    placed in the service and numbered later by reverse sync is not found this way (404).
    """

    endpoint = CANCEL

    def refusal(self, request: ApiRequest) -> Refusal | None:
        order_id = _order_id(request, _CANCEL_PATH)
        if (refusal := unacceptable(request)) is not None:
            return refusal
        if not is_signed_in(request):
            return not_authenticated()
        if order_id is not None and not 1 <= order_id <= LEGACY_MAX_INT:
            return _not_yours(order_id)
        return None

    def to_new(self, request: ApiRequest, params: Mapping[str, str]) -> ApiRequest:
        order_id = _order_id(request, _CANCEL_PATH)
        if order_id is None or self.refusal(request) is not None:
            return ask_nothing(request)
        path = f"{ORDERS}{legacy_uuid(Kind.ORDER, order_id)}/cancel/"
        return service_request(request, method="POST", path=path, query={})

    def to_legacy(self, response: ApiResponse, request: ApiRequest) -> ApiResponse:
        order_id = _order_id(request, _CANCEL_PATH)
        if order_id is None:
            return _no_endpoint(request, response)
        refusal = self.refusal(request)
        if refusal is not None:
            return self._refused(refusal, request, response)
        if response.status == 404:
            return self._refused(_not_yours(order_id), request, response)
        if response.status == 409:
            return self._not_cancellable(order_id, request, response)
        if response.status != 200:
            return service_failure(request, response, self.endpoint)
        return self._order(service_json(response), request, response)

    def _not_cancellable(
        self, order_id: int, request: ApiRequest, response: ApiResponse
    ) -> ApiResponse:
        try:
            letter = status_to_letter((service_json(response) or {}).get("order_status"))
        except TranslationError:
            return service_failure(request, response, self.endpoint)
        body = error_body(
            "not_cancellable",
            f"Order #{order_id} is {STATUS_LABELS[letter]} and can no longer be cancelled",
            order_id=order_id,
            status=letter,
        )
        return self._answer(409, body, request, response)
