"""Legacy `/api/products/` and `/api/categories/` requests to the products service and back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from acl.products import category_from_legacy, product_from_legacy
from acl.proxy_translators import category_list, product_detail, product_list
from acl.proxy_translators.testing import (
    SERVICE_DATE,
    body_of,
    health,
    legacy_request,
    page,
    problem,
    query_of,
)

MODIFIED = datetime(2024, 11, 30, 23, 59, 58, 123456)


def clean_product(legacy_id: int = 17, **row: Any) -> dict[str, Any]:
    """A product as the products service shows it (reads add the category's name)."""
    legacy_row = {
        "id": legacy_id,
        "prod_code": "KT-001",
        "prod_name": "Kettle",
        "descr": "Boils water.",
        "price_cents": 2499,
        "qty_on_hand": 7,
        "cat_id": 3,
        "active_yn": "Y",
        "created_dt": datetime(2024, 3, 5, 14, 7, 9),
        "modified_dt": MODIFIED,
        **row,
    }
    return {**product_from_legacy(row=legacy_row), "category_name": "Kitchen"}


LEGACY_KETTLE = {
    "prod_id": 17,
    "prod_code": "KT-001",
    "prod_name": "Kettle",
    "descr": "Boils water.",
    "price_cents": 2499,
    "qty_on_hand": 7,
    "in_stock": "Y",
    "cat_id": 3,
    "cat_name": "Kitchen",
    "active": "Y",
    "created_dt": "2024-03-05 14:07:09",
    "modified_dt": "2024-11-30 23:59:58",
}


# -- the list ------------------------------------------------------------------------------------


def test_a_search_asks_the_service_for_the_page_of_products_on_sale() -> None:
    request = legacy_request("GET", "/api/products/", "q=+red+kettle+&cat=kitchen&page=2")

    asked = product_list.to_new(request, {})

    assert (asked.method, asked.path) == ("GET", "/api/v1/products/")
    assert query_of(asked) == {
        "active": "true",
        "page": "2",
        "page_size": "20",
        "q": "red kettle",
        "category": "kitchen",
    }
    assert asked.body == b""


def test_head_is_asked_as_get_and_the_last_repeated_parameter_wins() -> None:
    asked = product_list.to_new(legacy_request("HEAD", "/api/products/", "page=1&page=3"), {})

    assert asked.method == "GET"
    assert query_of(asked)["page"] == "3"


def test_a_page_of_products_reads_as_the_legacy_envelope() -> None:
    request = legacy_request("GET", "/api/products/", "page=2")
    answer = page([clean_product()], count=21)

    translated = product_list.to_legacy(answer, request)

    assert translated.status == 200
    assert body_of(translated) == {"count": 21, "page": 2, "pages": 2, "results": [LEGACY_KETTLE]}
    assert translated.body.startswith(b'{"count":21,"page":2,"pages":2,')


def test_an_empty_search_is_one_empty_page() -> None:
    translated = product_list.to_legacy(page([]), legacy_request("GET", "/api/products/"))

    assert body_of(translated) == {"count": 0, "page": 1, "pages": 1, "results": []}


def test_answers_carry_the_monoliths_headers_not_the_services() -> None:
    anonymous = product_list.to_legacy(page([]), legacy_request("GET", "/api/products/"))
    signed_in = product_list.to_legacy(page([]), legacy_request("GET", "/api/products/", user=4))

    assert dict(anonymous.headers) == {
        "Date": SERVICE_DATE,
        "Server": "gunicorn",
        "Content-Type": "application/json",
        "Allow": "GET, HEAD, OPTIONS",
        "Vary": "Cookie",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    # A token authenticated the caller: the monolith never looked at the session.
    assert "Vary" not in signed_in.headers


def test_an_unknown_or_hidden_category_is_the_legacy_400_on_cat() -> None:
    request = legacy_request("GET", "/api/products/", "cat=%20clearance%20&page=0")
    refused = problem(400, "validation-error", errors={"category": ["no category ..."]})

    translated = product_list.to_legacy(refused, request)

    assert translated.status == 400
    assert body_of(translated) == {
        "error": "validation_failed",
        "message": 'Invalid input: cat: no category with slug "clearance"',
        "fields": {"cat": ['no category with slug "clearance"']},
    }


def test_a_refused_query_is_left_out_so_the_service_still_judges_the_category() -> None:
    request = legacy_request("GET", "/api/products/", "q=" + "x" * 201 + "&cat=nope")

    asked = product_list.to_new(request, {})
    translated = product_list.to_legacy(
        problem(400, "validation-error", errors={"category": ["unknown"]}), request
    )

    assert "q" not in query_of(asked)
    assert query_of(asked)["category"] == "nope"
    assert body_of(translated)["fields"] == {
        "q": ["Ensure this field has no more than 200 characters."],
        "cat": ['no category with slug "nope"'],
    }


@pytest.mark.parametrize("raw_page", ["0", "abc", "-1", "%201", "1000000000", "%EF%BC%91"])
def test_a_page_that_is_not_a_whole_number_from_1_is_a_400_on_page(raw_page: str) -> None:
    request = legacy_request("GET", "/api/products/", f"page={raw_page}")

    asked = product_list.to_new(request, {})
    translated = product_list.to_legacy(page([]), request)

    assert query_of(asked)["page"] == "1"
    assert translated.status == 400
    assert body_of(translated)["fields"] == {"page": ["must be a whole number from 1 to 999999999"]}


def test_a_page_past_the_end_says_how_many_pages_there_are() -> None:
    request = legacy_request("GET", "/api/products/", "page=9")
    past = problem(404, "not-found", "there is no page 9: there are 2 pages", count=25, pages=2)

    translated = product_list.to_legacy(past, request)

    assert translated.status == 404
    assert body_of(translated) == {
        "error": "not_found",
        "message": "Page 9 does not exist: there are 2 pages",
    }


def test_a_product_legacy_clients_cannot_be_shown_yet_is_a_502_saying_so() -> None:
    born_in_the_service = {**clean_product(), "id": "6f1c4c1e-0000-4000-8000-000000000001"}
    born_in_the_service["legacy_id"] = None

    translated = product_list.to_legacy(
        page([born_in_the_service]), legacy_request("GET", "/api/products/")
    )

    assert translated.status == 502
    assert body_of(translated)["error"] == "service_error"
    assert "no legacy id yet" in body_of(translated)["message"]


def test_a_failing_service_is_a_502_in_the_legacy_format() -> None:
    translated = product_list.to_legacy(
        problem(500, "internal-error"), legacy_request("GET", "/api/products/")
    )

    assert translated.status == 502
    assert body_of(translated) == {
        "error": "service_error",
        "message": "the service behind this endpoint answered 500",
    }


# -- one product ---------------------------------------------------------------------------------


def test_a_product_is_asked_for_by_its_legacy_id_among_those_on_sale() -> None:
    asked = product_detail.to_new(legacy_request("GET", "/api/products/0017/"), {"id": "0017"})

    assert (asked.method, asked.path) == ("GET", "/api/v1/products/")
    assert query_of(asked) == {"legacy_id": "17", "active": "true", "page_size": "1"}


def test_a_found_product_reads_as_the_legacy_product() -> None:
    translated = product_detail.to_legacy(
        page([clean_product()]), legacy_request("GET", "/api/products/17/")
    )

    assert translated.status == 200
    assert body_of(translated) == LEGACY_KETTLE


def test_a_product_not_on_sale_is_the_legacy_404() -> None:
    translated = product_detail.to_legacy(page([]), legacy_request("GET", "/api/products/007/"))

    assert translated.status == 404
    assert body_of(translated) == {"error": "not_found", "message": "No product 7 on sale"}
    assert translated.headers["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("prod_id", ["0", "99999999999"])
def test_an_id_no_legacy_row_can_have_is_not_on_sale_without_asking(prod_id: str) -> None:
    request = legacy_request("GET", f"/api/products/{prod_id}/")

    asked = product_detail.to_new(request, {"id": prod_id})
    translated = product_detail.to_legacy(health(), request)

    assert asked.path == "/health/live"
    assert body_of(translated)["message"] == f"No product {int(prod_id)} on sale"


def test_an_id_that_is_not_a_number_is_the_monoliths_no_endpoint_404() -> None:
    request = legacy_request("GET", "/api/products/12.5/")

    asked = product_detail.to_new(request, {"id": "12.5"})
    translated = product_detail.to_legacy(health(), request)

    assert asked.path == "/health/live"
    assert translated.status == 404
    assert body_of(translated) == {
        "error": "not_found",
        "message": "No API endpoint at /api/products/12.5/",
    }
    assert "Allow" not in translated.headers and "Vary" not in translated.headers


# -- categories ----------------------------------------------------------------------------------


def test_categories_are_the_visible_ones_in_the_legacy_shape() -> None:
    request = legacy_request("GET", "/api/categories/")
    kitchen = category_from_legacy(
        row={"id": 3, "cat_name": "Kitchen", "slug": "kitchen", "visible_yn": "Y", "sort_order": 1}
    )

    asked = category_list.to_new(request, {})
    translated = category_list.to_legacy(page([kitchen]), request)

    assert query_of(asked) == {"visible": "true", "page": "1", "page_size": "20"}
    assert body_of(translated) == {
        "count": 1,
        "page": 1,
        "pages": 1,
        "results": [{"cat_id": 3, "cat_name": "Kitchen", "slug": "kitchen", "sort_order": 1}],
    }


def test_a_bad_category_page_is_refused_without_asking() -> None:
    request = legacy_request("GET", "/api/categories/", "page=x")

    asked = category_list.to_new(request, {})
    translated = category_list.to_legacy(health(), request)

    assert asked.path == "/health/live"
    assert translated.status == 400
    assert body_of(translated)["fields"] == {"page": ["must be a whole number from 1 to 999999999"]}


def test_the_legacy_json_is_compact_utf8_with_line_separators_escaped() -> None:
    product = clean_product(prod_name="Caf\u00e9 \u2028 cr\u00e8me")

    translated = product_detail.to_legacy(
        page([product]), legacy_request("GET", "/api/products/17/")
    )

    assert '"prod_name":"Café \\u2028 crème"'.encode() in translated.body
