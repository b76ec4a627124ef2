"""Thin API views: check the request, call a service or selector, shape the answer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from extracted_services.orders.readmodels.selectors import customer_snapshot_for_subject
from extracted_services.orders.stock.wiring import stock_reservations
from extracted_services.service_defaults.authentication import Caller
from extracted_services.service_defaults.idempotency import REPLAYED_HEADER, run_idempotently
from extracted_services.service_defaults.permissions import IsService, IsStaffOrService, caller_of
from extracted_services.service_defaults.problems import Problem

from .. import services
from ..errors import OrderInvalid, OrderNotFound, OrderStateConflict
from ..models import Order, OrderStatus
from ..selectors import order_visible_to, orders_visible_to
from .serializers import (
    LegacyIdSerializer,
    OrderFilterSerializer,
    OrderSerializer,
    PlaceOrderSerializer,
)

PROBLEM = OpenApiResponse(description="application/problem+json saying what is wrong")
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    location=OpenApiParameter.HEADER,
    required=False,
    description="Send the same key to retry safely: one order per key, its current state replayed.",
)


class OrderListCreateView(GenericAPIView):
    serializer_class = OrderSerializer

    @extend_schema(
        summary="List orders: a customer's own, or everyone's for staff and services",
        parameters=[OrderFilterSerializer],
        responses={200: OrderSerializer(many=True), 400: PROBLEM, 401: PROBLEM},
    )
    def get(self, request: Request) -> Response:
        filters = OrderFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        orders = orders_visible_to(caller=_caller(request), **filters.validated_data)
        page = self.paginate_queryset(orders)
        return self.get_paginated_response(OrderSerializer(page, many=True).data)

    @extend_schema(
        summary="Place an order (honours Idempotency-Key)",
        description=(
            "Prices come from the service's product snapshots. 201: placed. 202: the products "
            "service is unreachable, the order is pending and will be finished or rejected "
            "later (poll the order). 409 `order-rejected`: not enough stock; the order is kept "
            "as rejected with the reason."
        ),
        request=PlaceOrderSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: OrderSerializer,
            202: OrderSerializer,
            400: PROBLEM,
            409: PROBLEM,
            422: PROBLEM,
        },
    )
    def post(self, request: Request) -> Response:
        created = run_idempotently(request, lambda: self._create_pending(request))
        # The saga runs after the pending order is committed: its steps call the products
        # service and must survive a crash on their own, outside any request transaction.
        order = services.order_place_continue(
            order_id=UUID(str(created.data["id"])), stock=stock_reservations()
        )
        answer = _placement_answer(order)
        if REPLAYED_HEADER in created:
            answer[REPLAYED_HEADER] = created[REPLAYED_HEADER]
        return answer

    def _create_pending(self, request: Request) -> Response:
        body = PlaceOrderSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            order = services.order_create_pending(
                customer_id=_customer_for(request, body.validated_data.get("customer_id")),
                lines=[services.LineRequest(**line) for line in body.validated_data["lines"]],
                shipping_address=body.validated_data["shipping_address"],
            )
        except OrderInvalid as exc:
            raise ValidationError(exc.errors) from exc
        return Response(OrderSerializer(order).data, status=status.HTTP_202_ACCEPTED)


def _customer_for(request: Request, requested: UUID | None) -> UUID:
    """The customer an order is for: the caller itself, or whoever staff and services name."""
    caller = _caller(request)
    if caller.is_staff or caller.is_service:
        if requested is None:
            raise ValidationError({"customer_id": ["required when ordering for a customer"]})
        return requested
    customer = customer_snapshot_for_subject(subject=caller.identity.subject)
    if customer is None:
        raise Problem(
            409,
            "customer-not-known",
            "your customer account has not reached the orders service yet; try again shortly",
        )
    if requested is not None and requested != customer.id:
        raise PermissionDenied("customers may only place orders for themselves")
    return customer.id


def _placement_answer(order: Order) -> Response:
    location = {"Location": reverse("orders:order-detail", kwargs={"order_id": order.id})}
    body = OrderSerializer(order).data
    if order.status == OrderStatus.REJECTED:
        raise Problem(
            409,
            "order-rejected",
            order.rejection_reason,
            title="Order rejected",
            extra={"order": body},
        )
    answer = (
        status.HTTP_202_ACCEPTED if order.status == OrderStatus.PENDING else status.HTTP_201_CREATED
    )
    return Response(body, status=answer, headers=location)


class OrderDetailView(GenericAPIView):
    serializer_class = OrderSerializer

    @extend_schema(summary="One order", responses={200: OrderSerializer, 404: PROBLEM})
    def get(self, request: Request, order_id: UUID) -> Response:
        return Response(OrderSerializer(_visible_order(request, order_id)).data)


class OrderCancelView(GenericAPIView):
    serializer_class = OrderSerializer

    @extend_schema(
        summary="Cancel an unshipped order; its stock goes back to the products service",
        request=None,
        responses={200: OrderSerializer, 404: PROBLEM, 409: PROBLEM},
    )
    def post(self, request: Request, order_id: UUID) -> Response:
        _visible_order(request, order_id)
        with _domain_errors():
            order = services.order_cancel(order_id=order_id, stock=stock_reservations())
        return Response(OrderSerializer(order).data)


class OrderShipView(GenericAPIView):
    serializer_class = OrderSerializer
    permission_classes = [IsStaffOrService]

    @extend_schema(
        summary="Mark an unshipped order shipped (staff and services)",
        request=None,
        responses={200: OrderSerializer, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM},
    )
    def post(self, request: Request, order_id: UUID) -> Response:
        with _domain_errors():
            order = services.order_mark_shipped(order_id=order_id)
        return Response(OrderSerializer(_reloaded(order)).data)


class OrderDeliverView(GenericAPIView):
    serializer_class = OrderSerializer
    permission_classes = [IsStaffOrService]

    @extend_schema(
        summary="Mark a shipped order delivered (staff and services)",
        request=None,
        responses={200: OrderSerializer, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM},
    )
    def post(self, request: Request, order_id: UUID) -> Response:
        with _domain_errors():
            order = services.order_mark_delivered(order_id=order_id)
        return Response(OrderSerializer(_reloaded(order)).data)


class OrderLegacyIdView(GenericAPIView):
    serializer_class = LegacyIdSerializer
    permission_classes = [IsService]

    @extend_schema(
        summary="Record the legacy id reverse sync gave an order placed here (services)",
        request=LegacyIdSerializer,
        responses={200: OrderSerializer, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM},
    )
    def put(self, request: Request, order_id: UUID) -> Response:
        body = LegacyIdSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with _domain_errors():
            order = services.order_link_legacy_id(
                order_id=order_id, legacy_id=body.validated_data["legacy_id"]
            )
        return Response(OrderSerializer(_reloaded(order)).data)


def _caller(request: Request) -> Caller:
    caller = caller_of(request)
    assert caller is not None, "the default IsAuthenticated permission lets no anonymous call in"
    return caller


def _visible_order(request: Request, order_id: UUID) -> Order:
    order = order_visible_to(caller=_caller(request), order_id=order_id)
    if order is None:
        raise NotFound(f"there is no order {order_id}")
    return order


def _reloaded(order: Order) -> Order:
    return Order.objects.prefetch_related("lines").get(pk=order.pk)


@contextmanager
def _domain_errors() -> Iterator[None]:
    """Turn the ordering app's domain errors into problems: 404 and 409."""
    try:
        yield
    except OrderNotFound as exc:
        raise NotFound(str(exc)) from exc
    except OrderStateConflict as exc:
        # The status lets clients word the refusal themselves (the legacy API does).
        extra = {"order_status": exc.status} if exc.status else None
        raise Problem(409, "order-state-conflict", str(exc), extra=extra) from exc
