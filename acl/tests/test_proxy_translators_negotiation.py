"""What a legacy client accepts, judged as the monolith's DRF judges it, before anything else."""

from __future__ import annotations

import pytest
from multidict import CIMultiDict

from acl.proxy_translators import account, product_list
from acl.proxy_translators.negotiation import Unacceptable, accepted_media_type, indent_of
from acl.proxy_translators.testing import body_of, health, legacy_request, page
from strangler_proxy.data_plane.translation import ApiRequest


def accepting(accept: str | None, query: str = "", *, user: int | None = None) -> ApiRequest:
    request = legacy_request("GET", "/api/products/", query, user=user)
    headers = CIMultiDict(request.headers)
    headers.popall("Accept", None)
    if accept is not None:
        headers["Accept"] = accept
    return ApiRequest(request.method, request.path, request.query_string, headers, b"")


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "application/json"),
        ("application/json", "application/json"),
        ("text/html, application/json;q=0", "application/json;q=0"),
        ("application/xml, */*;q=0.1", "application/json;q=0.1"),
        ("text/html, application/json; indent=4", "application/json; indent=4"),
        ("APPLICATION/*;INDENT=2", "application/json;indent=2"),
    ],
)
def test_json_is_accepted_whatever_the_preference(accept: str | None, media_type: str) -> None:
    assert accepted_media_type(accepting(accept), "") == media_type


@pytest.mark.parametrize("accept", ["text/html", "image/png, text/*", "", "application/xml"])
def test_an_accept_header_without_json_is_refused_with_406(accept: str) -> None:
    with pytest.raises(Unacceptable) as refused:
        accepted_media_type(accepting(accept), "")

    assert (refused.value.status, refused.value.message) == (
        406,
        "Could not satisfy the request Accept header.",
    )


def test_a_format_other_than_json_is_not_found() -> None:
    with pytest.raises(Unacceptable) as refused:
        accepted_media_type(accepting("application/json"), "xml")

    assert refused.value.status == 404
    assert accepted_media_type(accepting("*/*"), "json") == "application/json"


@pytest.mark.parametrize(
    ("media_type", "indent"),
    [
        ("application/json; indent=4", 4),
        ("application/json; indent=12", 8),
        ("application/json; indent=0", None),
        ("application/json; indent=x", None),
        ("application/json", None),
    ],
)
def test_indent_is_clamped_as_drf_clamps_it(media_type: str, indent: int | None) -> None:
    assert indent_of(media_type) == indent


def test_a_406_is_answered_before_sign_in_and_consults_no_session() -> None:
    request = accepting("text/html")

    asked = account.to_new(request, {})
    translated = account.to_legacy(health(), request)

    assert asked.path == "/health/live"
    assert translated.status == 406
    assert body_of(translated) == {
        "error": "not_acceptable",
        "message": "Could not satisfy the request Accept header.",
    }
    assert "Vary" not in translated.headers and "WWW-Authenticate" not in translated.headers


def test_an_indent_asked_for_pretty_prints_the_answer() -> None:
    translated = product_list.to_legacy(page([]), accepting("application/json; indent=2"))

    assert translated.body == (b'{\n  "count": 0,\n  "page": 1,\n  "pages": 1,\n  "results": []\n}')
