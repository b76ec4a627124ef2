"""`PUT /api/v1/customers/<id>/legacy-id/`: reverse sync tells a customer registered here the
legacy user id the monolith gave them (services only)."""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from extracted_services.service_defaults.permissions import IsService
from extracted_services.service_defaults.problems import Problem
from extracted_services.users.customers.models import Customer
from extracted_services.users.customers.serializers import ServiceCustomerSerializer
from extracted_services.users.customers.services import CustomerConflict
from extracted_services.users.customers.sync import customer_link_legacy_id


class LegacyIdSerializer(serializers.Serializer):
    legacy_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class CustomerLegacyIdView(GenericAPIView):
    serializer_class = LegacyIdSerializer
    permission_classes = [IsService]

    @extend_schema(
        summary="Record the legacy user id reverse sync gave a customer registered here",
        request=LegacyIdSerializer,
        responses={
            200: ServiceCustomerSerializer,
            409: OpenApiResponse(
                description="`customer-conflict`: another legacy id, or the legacy id is taken"
            ),
        },
    )
    def put(self, request: Request, id: UUID) -> Response:
        body = LegacyIdSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            customer = customer_link_legacy_id(
                customer_id=id, legacy_id=body.validated_data["legacy_id"]
            )
        except Customer.DoesNotExist:
            raise Problem(404, "not-found", f"there is no customer {id}") from None
        except CustomerConflict as exc:
            raise Problem(409, "customer-conflict", str(exc), errors=exc.errors) from exc
        return Response(ServiceCustomerSerializer(customer).data)
