"""`/health/live` (the process answers) and `/health/ready` (its database and broker answer)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import connection
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from kombu import Connection
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from extracted_services.service_defaults.problems import problem_response

OK = "ok"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def check_broker() -> str:
    url = settings.SERVICE_DEFAULTS.get("BROKER_URL")
    if not url:
        return "not configured"
    timeout = settings.SERVICE_DEFAULTS.get("BROKER_TIMEOUT_S", 2.0)
    options = settings.SERVICE_DEFAULTS.get("BROKER_TRANSPORT_OPTIONS") or {}
    with Connection(url, connect_timeout=timeout, transport_options=options) as broker:
        broker.ensure_connection(max_retries=1, timeout=timeout)
    return OK


CHECKS: dict[str, Callable[[], str]] = {"database": check_database, "broker": check_broker}


def run_checks() -> tuple[dict[str, str], list[str]]:
    """Each check's outcome ("ok" or what went wrong) and the names of those that failed."""
    results: dict[str, str] = {}
    failed: list[str] = []
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a failing dependency of any kind means "not ready"
            results[name] = f"failed: {exc.__class__.__name__}: {exc}"
            failed.append(name)
    return results, failed


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


class LiveView(PublicView):
    @extend_schema(summary="The process is up", tags=["health"], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response({"status": "live"})


class ReadyView(PublicView):
    @extend_schema(
        summary="The database and the broker answer",
        tags=["health"],
        responses={200: OpenApiTypes.OBJECT, 503: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        results, failed = run_checks()
        if failed:
            return problem_response(
                status=503,
                code="not-ready",
                detail=f"not ready: {', '.join(failed)} failed",
                checks=results,
            )
        return Response({"status": "ready", "checks": results})
