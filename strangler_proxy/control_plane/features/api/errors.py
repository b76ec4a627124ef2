"""API errors as `{"error": code, "detail": message}` with the right status, never a traceback."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from strangler_proxy.stages import StageError

from ..gates import GatesNotPassed
from ..selectors import UnknownFeature
from ..write_switch import SwitchAborted


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, UnknownFeature):
        return Response({"error": "unknown_feature", "detail": str(exc)}, status=404)
    if isinstance(exc, GatesNotPassed):
        gates = [r.as_dict() for r in exc.results]
        return Response(
            {"error": "gates_not_passed", "detail": str(exc), "gates": gates}, status=409
        )
    if isinstance(exc, StageError):
        return Response({"error": "invalid_stage_change", "detail": str(exc)}, status=400)
    if isinstance(exc, SwitchAborted):
        return Response({"error": "switch_aborted", "detail": str(exc)}, status=409)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError) and isinstance(exc.detail, dict):
        problems = "; ".join(
            f"{field}: {' '.join(str(m) for m in messages)}"
            for field, messages in exc.detail.items()
        )
        response.data = {"error": "invalid", "detail": problems, "fields": exc.detail}
    elif isinstance(exc, APIException):
        response.data = {"error": exc.default_code, "detail": str(exc.detail)}
    return response
