"""The legacy API's single error format, the exceptions behind it and the unknown-endpoint view.

Every 4xx body is `{"error": <code>, "message": <text>}`, plus `fields` for validation errors
and any extra keys an error carries (e.g. `shortages`).
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from legacy_monolith.orders.services import CheckoutError, InsufficientStock, OrderNotCancellable
from legacy_monolith.ports.orders import OrderingUnavailable

# DRF's own exceptions, renamed into the legacy vocabulary. Looked up along the MRO.
_DRF_CODES: dict[type[exceptions.APIException], str] = {
    exceptions.ValidationError: "validation_failed",
    exceptions.ParseError: "malformed_json",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


# The same compact, UTF-8 JSON that DRF's renderer writes for every other response.
_COMPACT_JSON = {"separators": (",", ":"), "ensure_ascii": False}


class LegacyApiError(exceptions.APIException):
    """An API error whose `default_code` is its legacy code; `extra` keys join the body."""

    def __init__(self, message: str, *, extra: Mapping[str, Any] | None = None):
        super().__init__(detail=message)
        self.extra = dict(extra or {})


class InvalidCredentials(LegacyApiError):
    status_code = 400
    default_code = "invalid_credentials"


class CheckoutRefused(LegacyApiError):
    status_code = 400
    default_code = "checkout_refused"


class OrderingUnavailableError(LegacyApiError):
    status_code = 503
    default_code = "ordering_unavailable"


class StockShortageConflict(LegacyApiError):
    status_code = 409
    default_code = "insufficient_stock"


class NotCancellableConflict(LegacyApiError):
    status_code = 409
    default_code = "not_cancellable"


def legacy_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler (status, auth headers, rollback) with the body rewritten to the legacy format.

    Anything that is neither an API error nor a known domain refusal still returns None, so real
    bugs stay 500s instead of being disguised as bad input.
    """
    exc = _from_domain(exc)
    if not isinstance(exc, exceptions.APIException):
        return None
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(exc)
    return response


def error_body(exc: exceptions.APIException) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        problems = [
            f"{name}: {msg}" if name else msg for name, msgs in fields.items() for msg in msgs
        ]
        return {
            "error": "validation_failed",
            "message": "Invalid input: " + "; ".join(problems),
            "fields": {name: msgs for name, msgs in fields.items() if name},
        }
    body: dict[str, Any] = {"error": _legacy_code(exc), "message": str(exc.detail)}
    body.update(getattr(exc, "extra", {}))
    return body


@csrf_exempt
def unknown_endpoint(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """The JSON 404 for any path under /api/ that names no endpoint."""
    message = f"No API endpoint at {request.path}"
    if not request.path.endswith("/") and _is_endpoint(request.path_info + "/"):
        message += f"; API paths end with a slash: {request.path}/"
    body = {"error": "not_found", "message": message}
    return JsonResponse(body, status=404, json_dumps_params=_COMPACT_JSON)


def _from_domain(exc: Exception) -> Exception:
    """Domain refusals from the shop's services, as the API errors that describe them."""
    if isinstance(exc, InsufficientStock):
        shortages = [
            {
                "prod_id": s.product_id,
                "prod_name": s.product_name,
                "qty_wanted": s.wanted,
                "qty_on_hand": s.available,
            }
            for s in exc.shortages
        ]
        return StockShortageConflict(str(exc), extra={"shortages": shortages})
    if isinstance(exc, OrderingUnavailable):
        return OrderingUnavailableError(str(exc))
    if isinstance(exc, CheckoutError):
        return CheckoutRefused(str(exc))
    if isinstance(exc, OrderNotCancellable):
        extra = {"order_id": exc.order.pk, "status": exc.order.status}
        return NotCancellableConflict(str(exc), extra=extra)
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or None)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    return exc


def _legacy_code(exc: exceptions.APIException) -> str:
    if isinstance(exc, LegacyApiError):
        return str(exc.default_code)
    for cls in type(exc).__mro__:
        if cls in _DRF_CODES:
            return _DRF_CODES[cls]
    return str(exc.default_code)


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as dotted paths: {"lines": [{}, {"qty": [..]}]} → "lines.1.qty".

    Errors that belong to an object rather than one of its fields ("non_field_errors") are kept
    on the object's own path; at the top level that path is "".
    """
    if isinstance(detail, str):
        return {prefix: [str(detail)]}
    if isinstance(detail, Mapping):
        items = list(detail.items())
    elif all(isinstance(item, str) for item in detail):
        return {prefix: [str(item) for item in detail]} if detail else {}
    else:
        items = list(enumerate(detail))
    flat: dict[str, list[str]] = {}
    for key, value in items:
        path = _join(prefix, key) if key != "non_field_errors" else prefix
        for name, messages in _flatten(value, path).items():
            flat.setdefault(name, []).extend(messages)
    return flat


def _join(prefix: str, key: object) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


def _is_endpoint(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "unknown-endpoint"
