"""Catalogue API: categories and products (search, filters), read by anyone, written by staff."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from extracted_services.products.catalogue import selectors, services
from extracted_services.products.catalogue.models import Category, Product
from extracted_services.products.catalogue.serializers import (
    CategoryCreateSerializer,
    CategoryFilterSerializer,
    CategorySerializer,
    CategoryUpdateSerializer,
    ProductCreateSerializer,
    ProductFilterSerializer,
    ProductReadSerializer,
    ProductSerializer,
    ProductUpdateSerializer,
)
from extracted_services.service_defaults.idempotency import idempotent
from extracted_services.service_defaults.permissions import (
    PublicReadsStaffOrServiceWrites,
    check_fields_allowed,
    is_privileged,
)
from extracted_services.service_defaults.problems import Problem

# Ids, legacy ids and source timestamps are set by services only (backfill and sync).
SERVICE_ONLY = {"id", "legacy_id", "created_at", "updated_at"}
CATEGORY_STAFF_FIELDS = {"name", "slug", "visible", "sort_order"}
PRODUCT_STAFF_FIELDS = {"sku", "name", "description", "price", "stock", "category_id", "active"}
CONFLICT = OpenApiResponse(
    description="`catalogue-conflict`: the id, legacy id, slug or SKU is taken"
)
UNKNOWN_CATEGORY = OpenApiResponse(description="`unknown-category`: no category has that id")


def _conflict(exc: services.CatalogueConflict) -> Problem:
    return Problem(409, "catalogue-conflict", str(exc), errors=exc.errors)


def _unknown_category(exc: services.UnknownCategory) -> Problem:
    return Problem(
        422, "unknown-category", str(exc), errors={"category_id": [str(exc)]}, title=None
    )


def _only_privileged_may_filter(request: Request, filters: dict[str, Any], name: str) -> None:
    """Customers see only what is on show; asking for hidden rows is refused, not ignored."""
    if is_privileged(request):
        return
    if filters.get(name) is False:
        raise Problem(403, "permission-denied", f"only staff and services may filter {name}=false")
    filters[name] = True


def _check_category_known(request: Request, reference: str | None) -> None:
    """Filtering by a category that does not exist (for this caller) is a mistake, not a search
    with no results: customers know only visible categories."""
    if reference and not selectors.category_by_reference(
        reference=reference, visible_only=not is_privileged(request)
    ):
        raise ValidationError({"category": [f"no category with id or slug {reference!r}"]})


class CategoryListView(GenericAPIView):
    permission_classes = [PublicReadsStaffOrServiceWrites]
    serializer_class = CategorySerializer

    @extend_schema(
        parameters=[CategoryFilterSerializer],
        summary="List categories",
        responses=CategorySerializer(many=True),
        operation_id="categories_list",
    )
    def get(self, request: Request) -> Response:
        filters = CategoryFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        criteria = dict(filters.validated_data)
        _only_privileged_may_filter(request, criteria, "visible")
        page = self.paginate_queryset(selectors.category_list(**criteria))
        return self.get_paginated_response(CategorySerializer(page, many=True).data)

    @extend_schema(
        request=CategoryCreateSerializer,
        responses={201: CategorySerializer, 409: CONFLICT},
        summary="Create a category (Idempotency-Key honoured)",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        serializer = CategoryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        check_fields_allowed(
            request,
            serializer.validated_data,
            customer_fields=set(),
            staff_fields=CATEGORY_STAFF_FIELDS,
        )
        try:
            category = services.category_create(**serializer.validated_data)
        except services.CatalogueConflict as exc:
            raise _conflict(exc) from exc
        location = reverse("category-detail", kwargs={"id": category.id}, request=request)
        return Response(
            CategorySerializer(category).data, status=201, headers={"Location": location}
        )


class CategoryDetailView(APIView):
    permission_classes = [PublicReadsStaffOrServiceWrites]

    def _category(self, request: Request, id: str) -> Category:
        category = get_object_or_404(Category, id=id)
        if not category.visible and not is_privileged(request):
            raise Problem(404, "not-found", f"there is no category {id}")
        return category

    @extend_schema(responses=CategorySerializer, summary="A category")
    def get(self, request: Request, id: str) -> Response:
        return Response(CategorySerializer(self._category(request, id)).data)

    @extend_schema(
        request=CategoryUpdateSerializer,
        responses={200: CategorySerializer, 409: CONFLICT},
        summary="Change a category",
    )
    def patch(self, request: Request, id: str) -> Response:
        category = self._category(request, id)
        serializer = CategoryUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        check_fields_allowed(
            request,
            serializer.validated_data,
            customer_fields=set(),
            staff_fields=CATEGORY_STAFF_FIELDS,
        )
        try:
            category = services.category_update(
                category=category, changes=serializer.validated_data
            )
        except services.CatalogueConflict as exc:
            raise _conflict(exc) from exc
        return Response(CategorySerializer(category).data)


class ProductListView(GenericAPIView):
    permission_classes = [PublicReadsStaffOrServiceWrites]
    serializer_class = ProductReadSerializer

    @extend_schema(
        parameters=[ProductFilterSerializer],
        summary="Search and filter products",
        responses=ProductReadSerializer(many=True),
        operation_id="products_list",
    )
    def get(self, request: Request) -> Response:
        filters = ProductFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        criteria = dict(filters.validated_data)
        _only_privileged_may_filter(request, criteria, "active")
        _check_category_known(request, criteria.get("category"))
        page = self.paginate_queryset(selectors.product_list(**criteria))
        return self.get_paginated_response(ProductReadSerializer(page, many=True).data)

    @extend_schema(
        request=ProductCreateSerializer,
        responses={201: ProductSerializer, 409: CONFLICT, 422: UNKNOWN_CATEGORY},
        summary="Create a product (Idempotency-Key honoured)",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        serializer = ProductCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        check_fields_allowed(
            request,
            serializer.validated_data,
            customer_fields=set(),
            staff_fields=PRODUCT_STAFF_FIELDS,
        )
        try:
            product = services.product_create(**serializer.validated_data)
        except services.CatalogueConflict as exc:
            raise _conflict(exc) from exc
        except services.UnknownCategory as exc:
            raise _unknown_category(exc) from exc
        location = reverse("product-detail", kwargs={"id": product.id}, request=request)
        return Response(ProductSerializer(product).data, status=201, headers={"Location": location})


class ProductDetailView(APIView):
    permission_classes = [PublicReadsStaffOrServiceWrites]

    def _product(self, request: Request, id: str) -> Product:
        product = get_object_or_404(Product.objects.select_related("category"), id=id)
        if not product.active and not is_privileged(request):
            raise Problem(404, "not-found", f"there is no product {id} on sale")
        return product

    @extend_schema(responses=ProductReadSerializer, summary="A product")
    def get(self, request: Request, id: str) -> Response:
        return Response(ProductReadSerializer(self._product(request, id)).data)

    @extend_schema(
        request=ProductUpdateSerializer,
        responses={200: ProductSerializer, 409: CONFLICT, 422: UNKNOWN_CATEGORY},
        summary="Change a product (a `stock` here sets it)",
    )
    def patch(self, request: Request, id: str) -> Response:
        product = self._product(request, id)
        serializer = ProductUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        check_fields_allowed(
            request,
            serializer.validated_data,
            customer_fields=set(),
            staff_fields=PRODUCT_STAFF_FIELDS,
        )
        try:
            product = services.product_update(
                product_id=product.id, changes=serializer.validated_data
            )
        except services.CatalogueConflict as exc:
            raise _conflict(exc) from exc
        except services.UnknownCategory as exc:
            raise _unknown_category(exc) from exc
        return Response(ProductSerializer(product).data)
