"""Legacy `GET`/`PATCH /api/account/` to the users service's `/api/v1/me/` and back."""

from __future__ import annotations

import json
from typing import Any

import pytest

from acl.proxy_translators import account
from acl.proxy_translators.testing import body_of, health, legacy_request, problem, service_answer

CUSTOMER = {
    "id": "0b1cfd60-3f0e-5f3b-9a3e-3c6f1f0e2a11",
    "legacy_id": 42,
    "username": "dora",
    "email": "dora@example.com",
    "first_name": "Dora",
    "last_name": "Jones",
    "phone": "020 7946 0123",
    "address": {"lines": ["1 High St"], "city": "Leeds", "postcode": "LS1 1AA", "country": None},
    "newsletter": True,
    "active": True,
    "joined_at": "2024-01-01T10:00:00Z",
    "last_login_at": None,
    "updated_at": "2024-12-02T09:00:01.250000Z",
}
LEGACY_ACCOUNT = {
    "cust_id": 42,
    "username": "dora",
    "first_name": "Dora",
    "last_name": "Jones",
    "email": "dora@example.com",
    "phone_no": "020 7946 0123",
    "addr": "1 High St\nLeeds\nLS1 1AA",
    "newsletter": "Y",
    "modified_dt": "2024-12-02 09:00:01",
}


def patch(body: Any, content_type: str = "application/json") -> Any:
    return legacy_request("PATCH", "/api/account/", user=42, body=body, content_type=content_type)


def test_the_account_is_the_callers_customer_in_legacy_shape() -> None:
    request = legacy_request("GET", "/api/account/", user=42)

    asked = account.to_new(request, {})
    translated = account.to_legacy(service_answer(200, CUSTOMER), request)

    assert (asked.method, asked.path, asked.query_string) == ("GET", "/api/v1/me/", "")
    assert asked.headers["Authorization"] == request.headers["Authorization"]
    assert translated.status == 200
    assert body_of(translated) == LEGACY_ACCOUNT
    assert translated.headers["Allow"] == "GET, PATCH, HEAD, OPTIONS"


def test_without_a_sign_in_the_service_is_not_asked_and_the_answer_is_401() -> None:
    request = legacy_request("GET", "/api/account/")

    asked = account.to_new(request, {})
    translated = account.to_legacy(health(), request)

    assert asked.path == "/health/live"
    assert translated.status == 401
    assert translated.headers["WWW-Authenticate"] == "Token"
    assert body_of(translated) == {
        "error": "not_authenticated",
        "message": "Authentication credentials were not provided.",
    }


def test_changes_are_sent_trimmed_in_the_clean_vocabulary() -> None:
    request = patch(
        {"phone_no": " 0113 496 0000 ", "newsletter": "N", "addr": "2 Park Row\nLeeds\nLS1 5HD\n"}
    )

    asked = account.to_new(request, {})

    assert (asked.method, asked.path) == ("PATCH", "/api/v1/me/")
    assert asked.headers["Content-Type"] == "application/json"
    assert json.loads(asked.body) == {
        "phone": "0113 496 0000",
        "newsletter": False,
        "address": {
            "lines": ["2 Park Row"],
            "city": "Leeds",
            "postcode": "LS1 5HD",
            "country": None,
        },
    }


def test_numbers_are_text_to_the_monolith_too() -> None:
    asked = account.to_new(patch({"phone_no": 1234}), {})

    assert json.loads(asked.body) == {"phone": "1234"}


@pytest.mark.parametrize(
    ("body", "message", "fields"),
    [
        (
            {"colour": "red", "first_name": "D" * 151, "cust_id": 1},
            "first_name: Ensure this field has no more than 150 characters.; "
            "colour: unknown field; cust_id: not editable",
            {
                "first_name": ["Ensure this field has no more than 150 characters."],
                "colour": ["unknown field"],
                "cust_id": ["not editable"],
            },
        ),
        (
            {"newsletter": "yes", "last_name": None, "email": True},
            "last_name: This field may not be null.; email: Not a valid string.; "
            'newsletter: must be "Y" or "N", not "yes"',
            {
                "last_name": ["This field may not be null."],
                "email": ["Not a valid string."],
                "newsletter": ['must be "Y" or "N", not "yes"'],
            },
        ),
        ([1, 2], "Invalid data. Expected a dictionary, but got list.", {}),
    ],
)
def test_refused_changes_are_the_monoliths_400_and_nothing_is_sent(
    body: Any, message: str, fields: dict[str, list[str]]
) -> None:
    request = patch(body)

    asked = account.to_new(request, {})
    translated = account.to_legacy(health(), request)

    assert (asked.method, asked.path) == ("GET", "/health/live")
    assert translated.status == 400
    assert body_of(translated) == {
        "error": "validation_failed",
        "message": f"Invalid input: {message}",
        "fields": fields,
    }


def test_a_body_that_is_not_json_is_malformed_json() -> None:
    translated = account.to_legacy(health(), patch(b'{"first_name": '))

    assert translated.status == 400
    assert body_of(translated) == {
        "error": "malformed_json",
        "message": "JSON parse error - Expecting value: line 1 column 16 (char 15)",
    }


def test_another_media_type_is_a_415() -> None:
    translated = account.to_legacy(health(), patch(b"first_name=Dora", "text/plain"))

    assert translated.status == 415
    assert body_of(translated)["message"] == 'Unsupported media type "text/plain" in request.'


def test_put_is_not_allowed_once_signed_in() -> None:
    request = legacy_request("PUT", "/api/account/", user=42, body={"first_name": "D"})

    translated = account.to_legacy(health(), request)

    assert translated.status == 405
    assert body_of(translated) == {
        "error": "method_not_allowed",
        "message": 'Method "PUT" not allowed.',
    }


def test_the_services_refusal_is_worded_with_the_apis_field_names() -> None:
    refused = problem(
        400,
        "validation-error",
        errors={"email": ["Enter a valid email address."], "phone": ["Too long."]},
    )

    translated = account.to_legacy(refused, patch({"email": "nope", "phone_no": "1"}))

    assert body_of(translated) == {
        "error": "validation_failed",
        "message": "Invalid input: email: Enter a valid email address.; phone_no: Too long.",
        "fields": {"email": ["Enter a valid email address."], "phone_no": ["Too long."]},
    }


def test_a_changed_account_answers_with_the_whole_account() -> None:
    translated = account.to_legacy(service_answer(200, CUSTOMER), patch({"first_name": "Dora"}))

    assert translated.status == 200
    assert body_of(translated) == LEGACY_ACCOUNT
