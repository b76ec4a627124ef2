"""Small views that exercise the shared defaults in tests, mounted by tests/urls.py."""

import uuid

from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from extracted_services.service_defaults.idempotency import idempotent
from extracted_services.service_defaults.permissions import IsStaffOrService, can_access
from extracted_services.service_defaults.problems import Problem

CREATED: list[dict] = []


class WidgetSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=20)
    size = serializers.IntegerField(min_value=1)


class WhoAmI(APIView):
    def get(self, request: Request) -> Response:
        return Response({"caller": request.user.reference})


class StaffOnly(APIView):
    permission_classes = [IsStaffOrService]

    def get(self, request: Request) -> Response:
        return Response({"ok": True})


class OwnedThing(APIView):
    def get(self, request: Request, owner: int) -> Response:
        if not can_access(request, owner_refs=[owner]):
            raise Problem(403, "not-yours", "you may see only your own things")
        return Response({"owner": owner})


class Widgets(APIView):
    @idempotent
    def post(self, request: Request) -> Response:
        serializer = WidgetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        widget = {"id": str(uuid.uuid4()), **serializer.validated_data}
        CREATED.append(widget)
        return Response(widget, status=201, headers={"Location": f"/widgets/{widget['id']}"})


class Numbers(ListAPIView):
    def get_queryset(self):
        return list(range(1, 46))

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(page)


class Boom(APIView):
    def get(self, request: Request) -> Response:
        raise RuntimeError("the widget flux capacitor broke")
