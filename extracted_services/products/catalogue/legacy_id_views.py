"""`PUT /api/v1/categories/<id>/legacy-id/` and `PUT /api/v1/products/<id>/legacy-id/`: reverse
sync tells a category or product created here the legacy id the monolith gave it (services)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from extracted_services.products.catalogue.models import Category, Product
from extracted_services.products.catalogue.serializers import (
    CategorySerializer,
    ProductSerializer,
)
from extracted_services.products.catalogue.services import CatalogueConflict
from extracted_services.products.catalogue.sync import (
    category_link_legacy_id,
    product_link_legacy_id,
)
from extracted_services.service_defaults.permissions import IsService
from extracted_services.service_defaults.problems import Problem

LINK_CONFLICT = OpenApiResponse(
    description="`catalogue-conflict`: it has another legacy id, or the legacy id is taken"
)


class LegacyIdSerializer(serializers.Serializer):
    legacy_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class _LegacyIdView(GenericAPIView):
    serializer_class = LegacyIdSerializer
    permission_classes = [IsService]
    noun: str
    output: type[serializers.Serializer]

    def link(self, id: UUID, legacy_id: int) -> Any:
        raise NotImplementedError  # each subclass links its own kind of row

    def put(self, request: Request, id: UUID) -> Response:
        body = LegacyIdSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            linked = self.link(id, body.validated_data["legacy_id"])
        except (Category.DoesNotExist, Product.DoesNotExist):
            raise Problem(404, "not-found", f"there is no {self.noun} {id}") from None
        except CatalogueConflict as exc:
            raise Problem(409, "catalogue-conflict", str(exc), errors=exc.errors) from exc
        return Response(self.output(linked).data)


@extend_schema_view(
    put=extend_schema(
        summary="Record the legacy id reverse sync gave a category created here (services)",
        request=LegacyIdSerializer,
        responses={200: CategorySerializer, 409: LINK_CONFLICT},
    )
)
class CategoryLegacyIdView(_LegacyIdView):
    noun = "category"
    output = CategorySerializer

    def link(self, id: UUID, legacy_id: int) -> Category:
        return category_link_legacy_id(category_id=id, legacy_id=legacy_id)


@extend_schema_view(
    put=extend_schema(
        summary="Record the legacy id reverse sync gave a product created here (services)",
        request=LegacyIdSerializer,
        responses={200: ProductSerializer, 409: LINK_CONFLICT},
    )
)
class ProductLegacyIdView(_LegacyIdView):
    noun = "product"
    output = ProductSerializer

    def link(self, id: UUID, legacy_id: int) -> Product:
        return product_link_legacy_id(product_id=id, legacy_id=legacy_id)
