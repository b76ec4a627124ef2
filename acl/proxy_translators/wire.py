"""The legacy API on the wire, as the proxy must write it, and the services' answers as read.

A legacy client compares more than bodies: the monolith's answers carry `Content-Type:
application/json`, DRF's compact JSON, an `Allow` header naming the endpoint's methods, Django's
security headers, `Vary: Cookie` when no token authenticated the caller (the session was
consulted), and `WWW-Authenticate: Token` on a 401. `legacy_answer` writes all of them.
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from multidict import CIMultiDict

from strangler_proxy.data_plane.translation import ApiRequest, ApiResponse

from .negotiation import Unacceptable, accepted_media_type, indent_of

# API.md "Lists": a fixed page size of 20 (the monolith's LEGACY_SHOP["API_PAGE_SIZE"]).
LEGACY_PAGE_SIZE = 20
# What Django's security and clickjacking middleware add to every answer of the monolith.
SECURITY_HEADERS = (
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
# Kept from the service's answer: they describe this response, not the service.
KEPT_HEADERS = ("Date", "Server")
# The services' health check: asked when the legacy answer is known without the service.
NOTHING_TO_ASK = "/health/live"


@dataclass(frozen=True)
class Endpoint:
    """One legacy endpoint: the methods its `Allow` header names."""

    allow: str


def legacy_json(data: Any, indent: int | None = None) -> bytes:
    """JSON exactly as DRF's renderer writes it for the monolith: compact (or indented when the
    client asked), UTF-8, with U+2028 and U+2029 escaped."""
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(
        data, ensure_ascii=False, allow_nan=False, separators=separators, indent=indent
    )
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


def is_signed_in(request: ApiRequest) -> bool:
    """True when the proxy forwards an identity: the caller's token or session resolved."""
    return request.headers.get("Authorization", "").startswith("Bearer ")


def legacy_answer(
    *,
    status: int,
    body: Any,
    request: ApiRequest,
    endpoint: Endpoint | None,
    service: ApiResponse | None = None,
    headers: Mapping[str, str] | None = None,
    session_consulted: bool = True,
) -> ApiResponse:
    """The legacy API's answer: `body` as its JSON, with the headers the monolith sends.

    `endpoint` is None for a path that names no endpoint (the monolith's plain JSON 404, which
    has no `Allow` and does not consult the session). `session_consulted` is False for answers
    the monolith gives before it looks at who is calling.
    """
    indent = None
    if endpoint is not None:
        try:
            indent = indent_of(accepted_media_type(request, query_value(request, "format")))
        except Unacceptable:
            indent = None
    out: CIMultiDict[str] = CIMultiDict()
    if service is not None:
        for name in KEPT_HEADERS:
            if name in service.headers:
                out[name] = service.headers[name]
    out["Content-Type"] = "application/json"
    if status == 401:
        out["WWW-Authenticate"] = "Token"
    if endpoint is not None:
        out["Allow"] = endpoint.allow
        if session_consulted and (request.signed_in_by == "session" or not is_signed_in(request)):
            out["Vary"] = "Cookie"
    for name, value in SECURITY_HEADERS:
        out[name] = value
    for name, value in (headers or {}).items():
        out[name] = value
    return ApiResponse(status, out, legacy_json(body, indent))


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The legacy API's error format: `{"error", "message"}` plus the error's own keys."""
    return {"error": code, "message": message, **extra}


def validation_failed(fields: Mapping[str, list[str]]) -> dict[str, Any]:
    """The legacy 400 body for problems per field (dotted paths), in the monolith's wording;
    problems with the whole body (path "") are only in `message`."""
    problems = [
        f"{name}: {message}" if name else message
        for name, messages in fields.items()
        for message in messages
    ]
    return error_body(
        "validation_failed",
        "Invalid input: " + "; ".join(problems),
        fields={name: list(messages) for name, messages in fields.items() if name},
    )


def service_failure(
    request: ApiRequest, response: ApiResponse, endpoint: Endpoint | None, reason: str = ""
) -> ApiResponse:
    """A service answer with no legacy meaning (a 5xx, an unforeseen refusal, a row legacy
    clients cannot be shown yet): a 502 in the legacy error format, which legacy clients treat
    as "try again later"."""
    message = reason or f"the service behind this endpoint answered {response.status}"
    return legacy_answer(
        status=502,
        body=error_body("service_error", message),
        request=request,
        endpoint=endpoint,
        service=response,
    )


def page_past_the_end(
    request: ApiRequest, response: ApiResponse, endpoint: Endpoint, page: int
) -> ApiResponse:
    """The legacy 404 for a page past the end, from the service's 404 that counts the pages."""
    pages = (service_json(response) or {}).get("pages")
    if not isinstance(pages, int):
        return service_failure(request, response, endpoint)
    return legacy_answer(
        status=404,
        body=error_body("not_found", f"Page {page} does not exist: there are {pages} pages"),
        request=request,
        endpoint=endpoint,
        service=response,
    )


class Refusal(Exception):
    """The legacy answer to a request the monolith refuses before doing anything."""

    def __init__(self, status: int, body: dict[str, Any], *, session_consulted: bool = True):
        super().__init__(body.get("message", ""))
        self.status = status
        self.body = body
        self.session_consulted = session_consulted

    def answer(self, request: ApiRequest, response: ApiResponse, endpoint: Endpoint) -> ApiResponse:
        return legacy_answer(
            status=self.status,
            body=self.body,
            request=request,
            endpoint=endpoint,
            service=response,
            session_consulted=self.session_consulted,
        )


def unacceptable(request: ApiRequest) -> Refusal | None:
    """The monolith's refusal of what the client accepts (406) or of `?format=` (404), the
    first check it makes."""
    try:
        accepted_media_type(request, query_value(request, "format"))
    except Unacceptable as exc:
        code = "not_acceptable" if exc.status == 406 else "not_found"
        return Refusal(exc.status, error_body(code, exc.message), session_consulted=False)
    return None


def not_authenticated() -> Refusal:
    return Refusal(
        401, error_body("not_authenticated", "Authentication credentials were not provided.")
    )


def method_not_allowed(method: str) -> Refusal:
    return Refusal(405, error_body("method_not_allowed", f'Method "{method}" not allowed.'))


def json_body(request: ApiRequest) -> Any:
    """The request's body as the monolith's JSON parser reads it; its refusals (415 for another
    media type, 400 `malformed_json`) as a `Refusal`. No body at all reads as `{}`."""
    if not request.body:
        return {}
    content_type = request.headers.get("Content-Type", "")
    media_type, _, parameters = content_type.partition(";")
    kind, _, sub_kind = media_type.strip().lower().partition("/")
    if kind not in ("application", "*") or sub_kind not in ("json", "*"):
        raise Refusal(
            415,
            error_body(
                "unsupported_media_type", f'Unsupported media type "{content_type}" in request.'
            ),
        )
    try:
        text = request.body.decode(_charset(parameters))
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        message = "the body is nested too deeply"
    except ValueError as exc:
        message = str(exc)
    raise Refusal(400, error_body("malformed_json", f"JSON parse error - {message}"))


def _charset(parameters: str) -> str:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            try:
                return codecs.lookup(value.strip().strip('"')).name
            except LookupError:
                break
    return "utf-8"


def _refuse_constant(name: str) -> Any:
    raise ValueError("Out of range float values are not JSON compliant")


def ask_nothing(request: ApiRequest) -> ApiRequest:
    """A request the service answers without doing anything, for when the legacy answer is
    already known (a refusal); `to_legacy` works the answer out again from the request.

    The proxy's translation hook always makes one call, so something harmless is asked.
    """
    return ApiRequest("GET", NOTHING_TO_ASK, "", request.headers, b"")


def service_request(
    request: ApiRequest, *, method: str, path: str, query: Mapping[str, Any], body: Any = None
) -> ApiRequest:
    """The request to the service: JSON body (when given) and the query in the service's terms."""
    headers = CIMultiDict(request.headers)
    headers.popall("Content-Type", None)
    payload = b""
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    headers["Accept"] = "application/json"
    return ApiRequest(method, path, urlencode(query), headers, payload)


def read_method(request: ApiRequest) -> str:
    """HEAD is asked as GET: the legacy answer's headers depend on the body it would have."""
    return "GET" if request.method == "HEAD" else request.method


def query_value(request: ApiRequest, name: str, default: str = "") -> str:
    """A query parameter as Django reads it: the last one given wins; `+` is a space."""
    value = default
    for key, given in parse_qsl(request.query_string, keep_blank_values=True):
        if key == name:
            value = given
    return value


def service_json(response: ApiResponse) -> Any:
    """The service's JSON answer (a problem's body too); None when it is not JSON."""
    try:
        return json.loads(response.body)
    except ValueError:
        return None


def problem_code(response: ApiResponse) -> str:
    """The last part of a problem's `type` (`insufficient-stock`), or "" for other answers."""
    body = service_json(response)
    if not isinstance(body, dict) or not isinstance(body.get("type"), str):
        return ""
    return str(body["type"]).rstrip("/").rsplit("/", 1)[-1]


def problem_errors(response: ApiResponse) -> dict[str, list[str]]:
    """A validation problem's `errors`, flattened to dotted paths (`lines.1.quantity`)."""
    body = service_json(response)
    errors = body.get("errors") if isinstance(body, dict) else None
    return _flatten(errors, "") if errors is not None else {}


def _flatten(detail: Any, prefix: str) -> dict[str, list[str]]:
    if isinstance(detail, str):
        return {prefix: [detail]}
    if isinstance(detail, Mapping):
        items: list[tuple[Any, Any]] = list(detail.items())
    elif isinstance(detail, list) and all(isinstance(item, str) for item in detail):
        return {prefix: list(detail)} if detail else {}
    elif isinstance(detail, list):
        items = list(enumerate(detail))
    else:
        return {prefix: [str(detail)]}
    flat: dict[str, list[str]] = {}
    for key, value in items:
        path = prefix if key == "non_field_errors" else f"{prefix}.{key}" if prefix else str(key)
        for name, messages in _flatten(value, path).items():
            flat.setdefault(name, []).extend(messages)
    return flat


def page_count(count: int) -> int:
    """Pages of the legacy envelope: an empty list is still one (empty) page."""
    return max(1, math.ceil(count / LEGACY_PAGE_SIZE))


def legacy_page(*, service_page: Mapping[str, Any], page: int, results: list[Any]) -> dict:
    """The legacy envelope `{"count", "page", "pages", "results"}` for a service page."""
    count = int(service_page["count"])
    return {"count": count, "page": page, "pages": page_count(count), "results": results}
