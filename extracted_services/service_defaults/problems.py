"""Errors as RFC 9457 `application/problem+json`, for DRF views and for Django's own handlers.

Every error body has `type`, `title`, `status` and `detail`; validation errors add `errors`, one
entry per field. Views raise `Problem` for domain errors (e.g. 409 insufficient stock).
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://problems.strangler-shop.example/"

logger = logging.getLogger("service.errors")


class Problem(exceptions.APIException):
    """A domain error with its own type, e.g. `Problem(409, "insufficient-stock", ...)`."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        title: str | None = None,
        errors: Any = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail=detail, code=code)
        self.status_code = status
        self.code = code
        self.title = title or HTTPStatus(status).phrase
        self.errors = errors
        self.extra = extra or {}


def problem_body(
    *, status: int, code: str, detail: str, title: str | None = None, errors: Any = None, **extra
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_BASE + code.replace("_", "-"),
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    return body


def problem_response(
    *, status: int, code: str, detail: str, headers: dict[str, str] | None = None, **fields
) -> Response:
    body = problem_body(status=status, code=code, detail=detail, **fields)
    return Response(body, status=status, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def _validation_errors(detail: Any) -> dict[str, Any]:
    """DRF's error detail as `{field: [messages]}`; other errors go under `non_field_errors`."""
    if isinstance(detail, dict):
        return detail
    return {"non_field_errors": detail if isinstance(detail, list) else [detail]}


def _validation_summary(errors: dict[str, Any]) -> str:
    fields = [name for name in errors if name != "non_field_errors"]
    if not fields:
        messages = errors.get("non_field_errors") or ["the request is not valid"]
        return "; ".join(str(message) for message in messages)
    return f"invalid value for {', '.join(fields)}: see `errors`"


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's EXCEPTION_HANDLER: every exception becomes a problem, unexpected ones a logged 500."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "not found")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    if not isinstance(exc, exceptions.APIException):
        set_rollback()
        logger.exception("unhandled error in %s", context.get("view").__class__.__name__)
        return problem_response(
            status=500, code="internal-error", detail="an unexpected error occurred; it is logged"
        )

    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    set_rollback()

    if isinstance(exc, Problem):
        return problem_response(
            status=exc.status_code,
            code=exc.code,
            detail=str(exc.detail),
            title=exc.title,
            errors=exc.errors,
            headers=headers,
            **exc.extra,
        )
    if isinstance(exc, exceptions.ValidationError):
        errors = _validation_errors(exc.detail)
        return problem_response(
            status=exc.status_code,
            code="validation-error",
            title="Invalid request",
            detail=_validation_summary(errors),
            errors=errors,
            headers=headers,
        )
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    return problem_response(
        status=exc.status_code, code=code, detail=str(exc.detail), headers=headers
    )


def _django_problem(status: int, code: str, detail: str) -> HttpResponse:
    body = problem_body(status=status, code=code, detail=detail)
    return HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_CONTENT_TYPE)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _django_problem(400, "bad-request", "the request could not be understood")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _django_problem(403, "permission-denied", "you may not do this")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _django_problem(404, "not-found", f"nothing at {request.path}")


def server_error(request: HttpRequest) -> HttpResponse:
    return _django_problem(500, "internal-error", "an unexpected error occurred; it is logged")
