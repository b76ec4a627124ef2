"""Legacy `/api/orders/...` requests to the orders service and back."""

from __future__ import annotations

import json
from typing import Any

import pytest

from acl.ids import Kind, legacy_uuid
from acl.proxy_translators import order_cancel, order_detail, order_list
from acl.proxy_translators.testing import (
    body_of,
    health,
    legacy_request,
    page,
    problem,
    query_of,
    service_answer,
)


def service_line(line_id: int, prod_id: int, sku: str, name: str, qty: int, cents: str) -> dict:
    return {
        "id": str(legacy_uuid(Kind.ORDER_LINE, line_id)),
        "legacy_id": line_id,
        "product_id": str(legacy_uuid(Kind.PRODUCT, prod_id)),
        "product_legacy_id": prod_id,
        "sku": sku,
        "name": name,
        "quantity": qty,
        "unit_price": {"amount": cents, "currency": "GBP"},
        "total": {"amount": f"{float(cents) * qty:.2f}", "currency": "GBP"},
    }


def service_order(order_id: int = 1001, status: str = "placed", **extra: Any) -> dict[str, Any]:
    """An order as the orders service shows it; its lines by product name (Kettle, then Lamp)."""
    return {
        "id": str(legacy_uuid(Kind.ORDER, order_id)),
        "legacy_id": order_id,
        "customer_id": str(legacy_uuid(Kind.CUSTOMER, 42)),
        "customer_legacy_id": 42,
        "status": status,
        "rejection_reason": "",
        "total": {"amount": "54.48", "currency": "GBP"},
        "shipping_address": {
            "lines": ["1 High St"],
            "city": "Leeds",
            "postcode": "LS1 1AA",
            "country": None,
        },
        "lines": [
            service_line(7, 17, "KT-001", "Kettle", 2, "24.99"),
            service_line(5, 12, "LP-002", "Lamp", 1, "4.50"),
        ],
        "created_at": "2024-11-30T23:59:58Z",
        "placed_at": "2024-11-30T23:59:58Z",
        "shipped_at": None,
        "delivered_at": None,
        "cancelled_at": None,
        "updated_at": "2024-12-01T10:00:00Z",
        **extra,
    }


LEGACY_ORDER = {
    "order_id": 1001,
    "cust_id": 42,
    "status": "N",
    "total_cents": 5448,
    "ship_addr": "1 High St\nLeeds\nLS1 1AA",
    "order_dt": "2024-11-30 23:59:58",
    "ship_dt": None,
    "modified_dt": "2024-12-01 10:00:00",
    "lines": [
        # In the order the legacy shop wrote them (line 5 before line 7).
        {
            "prod_id": 12,
            "prod_code": "LP-002",
            "prod_name": "Lamp",
            "qty": 1,
            "unit_price_cents": 450,
            "line_total_cents": 450,
        },
        {
            "prod_id": 17,
            "prod_code": "KT-001",
            "prod_name": "Kettle",
            "qty": 2,
            "unit_price_cents": 2499,
            "line_total_cents": 4998,
        },
    ],
}


# -- the history ---------------------------------------------------------------------------------


def test_a_customer_asks_for_their_orders_the_legacy_shop_knows() -> None:
    asked = order_list.to_new(legacy_request("GET", "/api/orders/", "page=2", user=42), {})

    assert (asked.method, asked.path) == ("GET", "/api/v1/orders/")
    assert query_of(asked) == {"has_legacy_id": "true", "page": "2", "page_size": "20"}


def test_a_staff_caller_sees_only_their_own_orders_as_in_the_legacy_api() -> None:
    request = legacy_request("GET", "/api/orders/", user=7, staff=True)

    asked = order_list.to_new(request, {})

    assert query_of(asked)["customer_id"] == str(legacy_uuid(Kind.CUSTOMER, 7))


def test_the_history_reads_as_legacy_orders_with_their_lines_in_legacy_order() -> None:
    request = legacy_request("GET", "/api/orders/", user=42)

    translated = order_list.to_legacy(page([service_order()]), request)

    assert translated.status == 200
    assert body_of(translated) == {"count": 1, "page": 1, "pages": 1, "results": [LEGACY_ORDER]}
    assert translated.headers["Allow"] == "GET, POST, HEAD, OPTIONS"


def test_without_a_sign_in_the_history_is_a_401() -> None:
    request = legacy_request("GET", "/api/orders/")

    assert order_list.to_new(request, {}).path == "/health/live"
    assert order_list.to_legacy(health(), request).status == 401


def test_placing_an_order_is_refused_as_unavailable_and_nothing_is_sent() -> None:
    request = legacy_request(
        "POST", "/api/orders/", user=42, body={"lines": [{"prod_id": 17, "qty": 1}]}
    )

    asked = order_list.to_new(request, {})
    translated = order_list.to_legacy(health(), request)

    assert (asked.method, asked.path, asked.body) == ("GET", "/health/live", b"")
    assert translated.status == 503
    assert body_of(translated)["error"] == "ordering_unavailable"


def test_a_history_page_past_the_end_is_the_legacy_404() -> None:
    past = problem(404, "not-found", count=4, pages=1)

    translated = order_list.to_legacy(
        past, legacy_request("GET", "/api/orders/", "page=2", user=42)
    )

    assert body_of(translated)["message"] == "Page 2 does not exist: there are 1 pages"


# -- one order -----------------------------------------------------------------------------------


def test_an_order_is_found_by_its_number_among_the_callers_own() -> None:
    request = legacy_request("GET", "/api/orders/1001/", user=42)

    asked = order_detail.to_new(request, {"id": "1001"})
    translated = order_detail.to_legacy(page([service_order()]), request)

    assert query_of(asked) == {"has_legacy_id": "true", "legacy_id": "1001", "page_size": "1"}
    assert body_of(translated) == LEGACY_ORDER


@pytest.mark.parametrize("number", ["1001", "99999999999"])
def test_someone_elses_or_an_impossible_order_is_the_legacy_404(number: str) -> None:
    request = legacy_request("GET", f"/api/orders/{number}/", user=42)

    translated = order_detail.to_legacy(page([]) if number == "1001" else health(), request)

    assert translated.status == 404
    assert body_of(translated) == {
        "error": "not_found",
        "message": f"No order {number} on this account",
    }


def test_an_order_path_that_is_not_a_number_is_no_endpoint_even_signed_out() -> None:
    translated = order_detail.to_legacy(health(), legacy_request("GET", "/api/orders/x1/"))

    assert translated.status == 404
    assert body_of(translated)["message"] == "No API endpoint at /api/orders/x1/"


# -- cancelling ----------------------------------------------------------------------------------


def test_a_cancel_goes_to_the_legacy_born_orders_uuid() -> None:
    asked = order_cancel.to_new(legacy_request("POST", "/api/orders/1001/cancel/", user=42), {})

    assert (asked.method, asked.path) == (
        "POST",
        f"/api/v1/orders/{legacy_uuid(Kind.ORDER, 1001)}/cancel/",
    )
    assert asked.body == b""


def test_a_cancelled_order_answers_as_the_legacy_order() -> None:
    cancelled = service_order(status="cancelled", cancelled_at="2024-12-01T10:00:00Z")

    translated = order_cancel.to_legacy(
        service_answer(200, cancelled), legacy_request("POST", "/api/orders/1001/cancel/", user=42)
    )

    assert translated.status == 200
    assert body_of(translated) == {**LEGACY_ORDER, "status": "C"}
    assert translated.headers["Allow"] == "POST, OPTIONS"


@pytest.mark.parametrize(
    ("status", "letter", "label"),
    [("shipped", "S", "shipped"), ("delivered", "D", "delivered"), ("on_hold", "H", "on hold")],
)
def test_a_refused_cancel_is_not_cancellable_with_the_orders_status(
    status: str, letter: str, label: str
) -> None:
    refused = problem(
        409, "order-state-conflict", "order ... cannot be cancelled", order_status=status
    )

    translated = order_cancel.to_legacy(
        refused, legacy_request("POST", "/api/orders/1001/cancel/", user=42)
    )

    assert translated.status == 409
    assert body_of(translated) == {
        "error": "not_cancellable",
        "message": f"Order #1001 is {label} and can no longer be cancelled",
        "order_id": 1001,
        "status": letter,
    }


def test_cancelling_someone_elses_order_is_the_legacy_404() -> None:
    translated = order_cancel.to_legacy(
        problem(404, "not-found"), legacy_request("POST", "/api/orders/5/cancel/", user=42)
    )

    assert body_of(translated) == {"error": "not_found", "message": "No order 5 on this account"}


def test_an_order_the_legacy_shop_cannot_know_is_a_502_not_a_broken_answer() -> None:
    rejected = service_order(status="rejected", legacy_id=None)
    rejected["id"] = "6f1c4c1e-0000-4000-8000-000000000001"

    translated = order_list.to_legacy(
        page([rejected]), legacy_request("GET", "/api/orders/", user=42)
    )

    assert translated.status == 502
    assert json.loads(translated.body)["error"] == "service_error"
