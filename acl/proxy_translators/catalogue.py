"""`/api/products/`, `/api/products/<id>/` and `/api/categories/` answered by the products service.

Legacy clients see only what is on sale and visible, whoever they are: the service is asked for
exactly that (`active=true`, `visible=true`), since it shows staff everything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from acl.errors import TranslationError
from acl.fields import LEGACY_MAX_INT
from acl.legacy_api.catalogue import category_to_api, product_to_api
from strangler_proxy.data_plane.translation import ApiRequest, ApiResponse

from . import inputs
from .wire import (
    LEGACY_PAGE_SIZE,
    Endpoint,
    ask_nothing,
    error_body,
    legacy_answer,
    legacy_page,
    page_past_the_end,
    problem_errors,
    query_value,
    read_method,
    service_failure,
    service_json,
    service_request,
    unacceptable,
    validation_failed,
)

READ_ONLY = Endpoint("GET, HEAD, OPTIONS")
# legacy_monolith/api/catalogue.py: ProductFilterIn
MAX_QUERY = 200
MAX_SLUG = 100
_PRODUCT_PATH = re.compile(r"^/api/products/([^/]*)/$")
_LEGACY_ID = re.compile(r"[0-9]+")


def _page(request: ApiRequest) -> int | None:
    """`?page=` when it is valid; None when the monolith would refuse it."""
    try:
        return inputs.page_number(query_value(request, "page", "1"))
    except inputs.Invalid:
        return None


def _answer(status: int, body: Any, request: ApiRequest, response: ApiResponse) -> ApiResponse:
    return legacy_answer(
        status=status, body=body, request=request, endpoint=READ_ONLY, service=response
    )


# -- product list --------------------------------------------------------------------------------


def _search_terms(request: ApiRequest) -> tuple[dict[str, list[str]], str, str]:
    """Problems with `q` and `cat` found here, and the trimmed `q` and `cat` to search with
    ("" when refused). Whether `cat` names a visible category only the service knows."""
    problems: dict[str, list[str]] = {}
    terms = {}
    for name, limit in (("q", MAX_QUERY), ("cat", MAX_SLUG)):
        try:
            terms[name] = inputs.char_field(query_value(request, name), max_length=limit)
        except inputs.Invalid as exc:
            problems[name] = exc.messages
            terms[name] = ""
    return problems, terms["q"], terms["cat"]


class ProductList:
    """`GET /api/products/?q=&cat=&page=` → `GET /api/v1/products/?q=&category=&page=`.

    Checked in the monolith's order: `q` and `cat` (an unknown or hidden category is the
    service's 400 on `category`), then the page (a page past the end is the service's 404,
    which says how many pages there are). A refused `q` or page is left out of the question,
    so the service still says whether `cat` is known.
    """

    endpoint = READ_ONLY

    def to_new(self, request: ApiRequest, params: Mapping[str, str]) -> ApiRequest:
        if unacceptable(request):
            return ask_nothing(request)
        _, q, cat = _search_terms(request)
        query: dict[str, Any] = {
            "active": "true",
            "page": _page(request) or 1,
            "page_size": LEGACY_PAGE_SIZE,
        }
        if q:
            query["q"] = q
        if cat:
            query["category"] = cat
        return service_request(
            request, method=read_method(request), path="/api/v1/products/", query=query
        )

    def to_legacy(self, response: ApiResponse, request: ApiRequest) -> ApiResponse:
        refusal = unacceptable(request)
        if refusal is not None:
            return refusal.answer(request, response, READ_ONLY)
        problems, _, cat = _search_terms(request)
        if response.status == 400 and "category" in problem_errors(response):
            problems["cat"] = [f'no category with slug "{cat}"']
        elif response.status not in (200, 404):
            return service_failure(request, response, READ_ONLY)
        page = _page(request)
        if not problems and page is None:
            problems["page"] = [inputs.PAGE_MESSAGE]
        if problems:
            return _answer(400, validation_failed(problems), request, response)
        assert page is not None
        if response.status == 404:
            return page_past_the_end(request, response, READ_ONLY, page)
        found = service_json(response)
        try:
            results = [
                product_to_api(product=product, category_name=product["category_name"])
                for product in found["results"]
            ]
        except TranslationError as error:
            return service_failure(request, response, READ_ONLY, str(error))
        return _answer(
            200, legacy_page(service_page=found, page=page, results=results), request, response
        )


# -- product detail ------------------------------------------------------------------------------


def _product_id(request: ApiRequest) -> int | None:
    """The product id in the path; None when the path names no endpoint (`/api/products/x/`)."""
    match = _PRODUCT_PATH.match(request.path)
    if match is None or not _LEGACY_ID.fullmatch(match.group(1)):
        return None
    return int(match.group(1))


class ProductDetail:
    """`GET /api/products/<id>/` → `GET /api/v1/products/?legacy_id=<id>&active=true`.

    Products are found by legacy id, so one born in the service and given a legacy id later is
    found too. A non-numeric id is the monolith's "no endpoint" 404; an id no legacy row can
    have is "not on sale" without asking.
    """

    endpoint = READ_ONLY

    def to_new(self, request: ApiRequest, params: Mapping[str, str]) -> ApiRequest:
        prod_id = _product_id(request)
        if prod_id is None or not 1 <= prod_id <= LEGACY_MAX_INT or unacceptable(request):
            return ask_nothing(request)
        query = {"legacy_id": prod_id, "active": "true", "page_size": 1}
        return service_request(
            request, method=read_method(request), path="/api/v1/products/", query=query
        )

    def to_legacy(self, response: ApiResponse, request: ApiRequest) -> ApiResponse:
        prod_id = _product_id(request)
        if prod_id is None:
            return legacy_answer(
                status=404,
                body=error_body("not_found", f"No API endpoint at {request.path}"),
                request=request,
                endpoint=None,
                service=response,
            )
        refusal = unacceptable(request)
        if refusal is not None:
            return refusal.answer(request, response, READ_ONLY)
        if response.status != 200:
            return service_failure(request, response, READ_ONLY)
        found = service_json(response)
        if not 1 <= prod_id <= LEGACY_MAX_INT or not found.get("results"):
            return _answer(
                404, error_body("not_found", f"No product {prod_id} on sale"), request, response
            )
        product = found["results"][0]
        try:
            body = product_to_api(product=product, category_name=product["category_name"])
        except TranslationError as error:
            return service_failure(request, response, READ_ONLY, str(error))
        return _answer(200, body, request, response)


# -- categories ----------------------------------------------------------------------------------


class CategoryList:
    """`GET /api/categories/?page=` → `GET /api/v1/categories/?visible=true&page=`."""

    endpoint = READ_ONLY

    def to_new(self, request: ApiRequest, params: Mapping[str, str]) -> ApiRequest:
        page = _page(request)
        if page is None or unacceptable(request):
            return ask_nothing(request)
        query = {"visible": "true", "page": page, "page_size": LEGACY_PAGE_SIZE}
        return service_request(
            request, method=read_method(request), path="/api/v1/categories/", query=query
        )

    def to_legacy(self, response: ApiResponse, request: ApiRequest) -> ApiResponse:
        refusal = unacceptable(request)
        if refusal is not None:
            return refusal.answer(request, response, READ_ONLY)
        page = _page(request)
        if page is None:
            return _answer(
                400, validation_failed({"page": [inputs.PAGE_MESSAGE]}), request, response
            )
        if response.status == 404:
            return page_past_the_end(request, response, READ_ONLY, page)
        if response.status != 200:
            return service_failure(request, response, READ_ONLY)
        found = service_json(response)
        try:
            results = [category_to_api(category=category) for category in found["results"]]
        except TranslationError as error:
            return service_failure(request, response, READ_ONLY, str(error))
        return _answer(
            200, legacy_page(service_page=found, page=page, results=results), request, response
        )
