"""Stock and reservations API: read and set stock; reserve, confirm and release for orders."""

from __future__ import annotations

import uuid

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from extracted_services.products.catalogue import reservations, selectors, stock
from extracted_services.products.catalogue.models import Product, Reservation
from extracted_services.products.catalogue.serializers import (
    ReservationFilterSerializer,
    ReservationSerializer,
    ReserveSerializer,
    StockAdjustmentSerializer,
    StockSerializer,
    StockSetSerializer,
)
from extracted_services.service_defaults.idempotency import idempotent
from extracted_services.service_defaults.permissions import IsStaffOrService
from extracted_services.service_defaults.problems import Problem


def _refused(exc: reservations.ReservationRefused) -> Problem:
    if isinstance(exc, reservations.InsufficientStock):
        shortages = [
            {"product_id": str(s.product_id), "wanted": s.wanted, "available": s.available}
            for s in exc.shortages
        ]
        return Problem(
            409,
            exc.code,
            str(exc),
            errors={"lines": [str(exc)]},
            extra={"shortages": shortages},
        )
    if isinstance(exc, reservations.UnknownProducts | reservations.ProductsNotOnSale):
        status = 422 if isinstance(exc, reservations.UnknownProducts) else 409
        return Problem(
            status, exc.code, str(exc), extra={"product_ids": [str(i) for i in exc.product_ids]}
        )
    return Problem(409, exc.code, str(exc))


def _stock_body(product: Product) -> dict:
    return StockSerializer(selectors.product_stock(product=product)).data


class ProductStockView(APIView):
    def get_permissions(self):
        if self.request.method == "PUT":
            return [IsStaffOrService()]
        return [IsAuthenticated()]

    @extend_schema(responses=StockSerializer, summary="A product's stock")
    def get(self, request: Request, id: uuid.UUID) -> Response:
        return Response(_stock_body(get_object_or_404(Product, id=id)))

    @extend_schema(
        request=StockSetSerializer, responses=StockSerializer, summary="Set the stock (a count)"
    )
    def put(self, request: Request, id: uuid.UUID) -> Response:
        product = get_object_or_404(Product, id=id)
        serializer = StockSetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = stock.stock_set(product_id=product.id, stock=serializer.validated_data["stock"])
        return Response(_stock_body(product))


class StockAdjustmentView(APIView):
    permission_classes = [IsStaffOrService]

    @extend_schema(
        request=StockAdjustmentSerializer,
        responses={
            200: StockSerializer,
            409: OpenApiResponse(
                description="`insufficient-stock` or `stock-out-of-range`: nothing changed"
            ),
        },
        summary="Add to or take from the stock (Idempotency-Key honoured)",
    )
    @idempotent
    def post(self, request: Request, id: uuid.UUID) -> Response:
        product = get_object_or_404(Product, id=id)
        serializer = StockAdjustmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            product = stock.stock_adjust(
                product_id=product.id,
                delta=serializer.validated_data["delta"],
                note=serializer.validated_data["reason"],
            )
        except stock.StockWouldGoNegative as exc:
            raise Problem(
                409, "insufficient-stock", str(exc), errors={"delta": [str(exc)]}
            ) from exc
        except stock.StockOutOfRange as exc:
            raise Problem(
                409, "stock-out-of-range", str(exc), errors={"delta": [str(exc)]}
            ) from exc
        return Response(_stock_body(product))


class ReservationListView(GenericAPIView):
    permission_classes = [IsStaffOrService]
    serializer_class = ReservationSerializer

    @extend_schema(
        parameters=[ReservationFilterSerializer],
        summary="List reservations",
        responses=ReservationSerializer(many=True),
        operation_id="reservations_list",
    )
    def get(self, request: Request) -> Response:
        filters = ReservationFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(selectors.reservation_list(**filters.validated_data))
        return self.get_paginated_response(ReservationSerializer(page, many=True).data)

    @extend_schema(
        request=ReserveSerializer,
        responses={
            201: ReservationSerializer,
            200: OpenApiResponse(ReservationSerializer, description="the same reservation again"),
            409: OpenApiResponse(description="insufficient stock, not on sale, conflict, released"),
            422: OpenApiResponse(description="an unknown product"),
        },
        summary="Reserve stock for an order, all or nothing; idempotent by reservation id",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        serializer = ReserveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            reservation, created = reservations.reservation_reserve(
                reservation_id=data["reservation_id"],
                order_id=data.get("order_id"),
                lines={line["product_id"]: line["quantity"] for line in data["lines"]},
            )
        except reservations.ReservationRefused as exc:
            raise _refused(exc) from exc
        location = reverse("reservation-detail", kwargs={"id": reservation.id}, request=request)
        return Response(
            ReservationSerializer(reservation).data,
            status=201 if created else 200,
            headers={"Location": location},
        )


class ReservationDetailView(APIView):
    permission_classes = [IsStaffOrService]

    @extend_schema(responses=ReservationSerializer, summary="A reservation")
    def get(self, request: Request, id: uuid.UUID) -> Response:
        reservation = get_object_or_404(Reservation.objects.prefetch_related("lines"), id=id)
        return Response(ReservationSerializer(reservation).data)


class ReservationConfirmView(APIView):
    permission_classes = [IsStaffOrService]

    @extend_schema(
        request=None,
        responses={200: ReservationSerializer, 409: OpenApiResponse(description="released")},
        summary="Confirm a held reservation (a sale); idempotent",
    )
    def post(self, request: Request, id: uuid.UUID) -> Response:
        try:
            reservation = reservations.reservation_confirm(reservation_id=id)
        except Reservation.DoesNotExist:
            raise Problem(404, "not-found", f"there is no reservation {id}") from None
        except reservations.ReservationRefused as exc:
            raise _refused(exc) from exc
        return Response(ReservationSerializer(reservation).data)


class ReservationReleaseView(APIView):
    permission_classes = [IsStaffOrService]

    @extend_schema(
        request=None,
        responses=ReservationSerializer,
        summary="Give a reservation's stock back (held or confirmed); idempotent",
        description=(
            "`previous_status` says what the release did: `held` or `confirmed` (stock given "
            "back), `released` (already released: nothing changed) or null (never reserved: "
            "nothing to give back, and the id can no longer be reserved)."
        ),
    )
    def post(self, request: Request, id: uuid.UUID) -> Response:
        reservation, previous = reservations.reservation_release(reservation_id=id)
        body = {**ReservationSerializer(reservation).data, "previous_status": previous}
        return Response(body)
