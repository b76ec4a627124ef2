"""One JSON log line per request: method, path, status, duration, caller and request id."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from extracted_services.service_defaults.authentication import Caller

logger = logging.getLogger("service.requests")
REQUEST_ID_HEADER = "X-Request-Id"


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Keep the proxy's request id so one request can be followed across processes.
        request_id = request.headers.get(REQUEST_ID_HEADER) or uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "service": getattr(settings, "SERVICE_NAME", ""),
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "caller": user.reference if isinstance(user, Caller) else None,
                "request_id": request_id,
                "traceparent": request.headers.get("traceparent"),
            },
        )
        return response
