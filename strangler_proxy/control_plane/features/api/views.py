"""Thin API views: parse, call a selector or service, answer."""

from __future__ import annotations

from django.http import HttpResponseNotModified
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from strangler_proxy.tokens import OVERRIDE_COOKIE, OVERRIDE_HEADER, issue_override_token

from .. import selectors, services
from ..conf import control_setting
from .authentication import IsProxy, IsProxyOrStaff
from .serializers import (
    AuditEntryOutput,
    OverrideTokenInput,
    RollbackInput,
    StageChangeInput,
)


def _actor(request: Request) -> str:
    return request.user.get_username() if hasattr(request.user, "get_username") else "unknown"


class FeatureListApi(APIView):
    def get(self, request: Request) -> Response:
        from ..models import Feature

        return Response(
            {"features": [selectors.feature_status(feature=f) for f in Feature.objects.all()]}
        )


class FeatureDetailApi(APIView):
    def get(self, request: Request, name: str) -> Response:
        feature = selectors.feature_get(name=name)
        return Response(selectors.feature_status(feature=feature))


class FeatureStageApi(APIView):
    def post(self, request: Request, name: str) -> Response:
        data = StageChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.feature_stage_change(
            name=name,
            stage=data.validated_data["stage"],
            percent=data.validated_data.get("percent"),
            reason=data.validated_data["reason"],
            actor=_actor(request),
            force=data.validated_data["force"],
        )
        feature = selectors.feature_get(name=name)
        return Response(
            {
                "feature": selectors.feature_status(feature=feature),
                "audit": AuditEntryOutput(entry).data,
            }
        )


class FeatureRollbackApi(APIView):
    def post(self, request: Request, name: str) -> Response:
        data = RollbackInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.feature_rollback(
            name=name, reason=data.validated_data["reason"], actor=_actor(request)
        )
        feature = selectors.feature_get(name=name)
        return Response(
            {
                "feature": selectors.feature_status(feature=feature),
                "audit": AuditEntryOutput(entry).data,
            }
        )


class FeatureDiffsApi(APIView):
    def get(self, request: Request, name: str) -> Response:
        feature = selectors.feature_get(name=name)
        status = selectors.feature_status(feature=feature)
        return Response(
            {
                "feature": name,
                "shadow": status["shadow"],
                "diffs": selectors.feature_diffs(feature=feature),
            }
        )


class FeatureAuditApi(APIView):
    def get(self, request: Request, name: str) -> Response:
        feature = selectors.feature_get(name=name)
        entries = selectors.feature_audit(feature=feature)
        return Response({"feature": name, "audit": AuditEntryOutput(entries, many=True).data})


class RoutingTableApi(APIView):
    """The route table, with an ETag: a poll that changes nothing costs a 304."""

    permission_classes = [IsProxyOrStaff]

    def get(self, request: Request) -> Response | HttpResponseNotModified:
        if getattr(request.user, "is_proxy", False):
            services.worker_heartbeat(
                worker_id=request.query_params.get("worker", ""),
                applied_version=_int(request.query_params.get("applied")),
                idle_features=[f for f in request.query_params.get("idle", "").split(",") if f],
            )
        etag = f'"{selectors.table_version()}"'
        if request.headers.get("If-None-Match") == etag:
            return HttpResponseNotModified(headers={"ETag": etag})
        document = selectors.routing_table_document()
        return Response(document, headers={"ETag": f'"{document["version"]}"'})


class ReportApi(APIView):
    permission_classes = [IsProxy]

    def post(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            return Response({"error": "invalid", "detail": "a report is a JSON object"}, status=400)
        services.proxy_report_record(report=request.data)
        return Response({"recorded": True})


class OverrideTokenApi(APIView):
    """A signed tester override for the caller's browser (cookie) or client (header)."""

    permission_classes = [IsAdminUser]

    def post(self, request: Request) -> Response:
        data = OverrideTokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        token = issue_override_token(
            tester=_actor(request),
            features=data.validated_data["features"],
            ttl_seconds=data.validated_data["ttl_seconds"],
            secret=control_setting("OVERRIDE_SECRET"),
        )
        response = Response({"token": token, "header": OVERRIDE_HEADER, "cookie": OVERRIDE_COOKIE})
        response.set_cookie(
            OVERRIDE_COOKIE,
            token,
            max_age=data.validated_data["ttl_seconds"],
            httponly=True,
            samesite="Lax",
        )
        return response


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0
