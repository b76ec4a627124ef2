"""The customer's orders: list, detail, create (checkout) and cancel under /api/orders/."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from legacy_monolith import ports
from legacy_monolith.orders.models import Order
from legacy_monolith.ports.customers import AccountMissing
from legacy_monolith.ports.listing import Listing

from .auth import customer_of
from .formats import LegacyDateTimeField, StrictInputSerializer
from .pagination import LegacyPagination
from .parsers import LegacyJSONParser

MAX_LINES = 100
MAX_LINE_QTY = 999
MAX_ADDR_LENGTH = 1000
MAX_DB_INT = 2**31 - 1  # the legacy tables use 32-bit integer ids


class OrderLineOut(serializers.Serializer):
    prod_id = serializers.IntegerField()
    prod_code = serializers.CharField(source="prod.prod_code")
    prod_name = serializers.CharField(source="prod.prod_name")
    qty = serializers.IntegerField()
    unit_price_cents = serializers.IntegerField()
    line_total_cents = serializers.IntegerField()


class OrderOut(serializers.Serializer):
    order_id = serializers.IntegerField(source="pk")
    cust_id = serializers.IntegerField()
    status = serializers.CharField()
    total_cents = serializers.IntegerField()
    ship_addr = serializers.CharField()
    order_dt = LegacyDateTimeField()
    ship_dt = LegacyDateTimeField()
    modified_dt = LegacyDateTimeField()
    lines = OrderLineOut(many=True)


class OrderLineIn(StrictInputSerializer):
    prod_id = serializers.IntegerField(min_value=1, max_value=MAX_DB_INT)
    qty = serializers.IntegerField(min_value=1, max_value=MAX_LINE_QTY)


class OrderCreateIn(StrictInputSerializer):
    """A new order. `ship_addr` defaults to the address on the customer's account.

    Products are checked here so the client learns which line is wrong; the checkout service
    checks again under row locks, which is what actually decides.
    """

    lines: serializers.ListSerializer = serializers.ListSerializer(
        child=OrderLineIn(), allow_empty=False, max_length=MAX_LINES
    )
    ship_addr = serializers.CharField(
        max_length=MAX_ADDR_LENGTH, required=False, allow_blank=True, default=""
    )

    def validate_lines(self, lines: list[dict[str, int]]) -> list[dict[str, int]]:
        ids = [line["prod_id"] for line in lines]
        on_sale = {product.pk for product in ports.catalogue().products_by_ids(product_ids=ids)}
        errors: dict[str, dict[str, list[str]]] = {}
        for index, prod_id in enumerate(ids):
            if prod_id in ids[:index]:
                problem = f"product {prod_id} is already on line {ids.index(prod_id)}"
            elif prod_id not in on_sale:
                problem = f"product {prod_id} does not exist or is not on sale"
            else:
                continue
            errors[str(index)] = {"prod_id": [problem]}
        if errors:
            raise serializers.ValidationError(errors)
        return lines

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs["ship_addr"]:
            try:
                account = ports.customers().account_get(user=self.context["customer"])
                attrs["ship_addr"] = account.profile.addr.strip()
            except AccountMissing:
                attrs["ship_addr"] = ""
        if not attrs["ship_addr"]:
            raise serializers.ValidationError(
                {"ship_addr": ["required: the account has no address to ship to"]}
            )
        return attrs


class OrderListApi(ListAPIView):
    """GET: the customer's orders, newest first. POST: place an order (checkout)."""

    parser_classes = [LegacyJSONParser]

    permission_classes = [IsAuthenticated]
    serializer_class = OrderOut
    pagination_class = LegacyPagination

    def get_queryset(self) -> Listing[Order]:  # type: ignore[override]
        return ports.orders().orders_for_customer(customer=customer_of(self.request))

    def post(self, request: Request) -> Response:
        customer = customer_of(request)
        new_order = OrderCreateIn(data=request.data, context={"customer": customer})
        new_order.is_valid(raise_exception=True)
        placed = ports.orders().order_place(
            customer=customer,
            quantities={line["prod_id"]: line["qty"] for line in new_order.validated_data["lines"]},
            ship_addr=new_order.validated_data["ship_addr"],
        )
        if placed.pk is None:
            # Placed with the orders service; its order number is not known here yet.
            return Response(OrderOut(placed).data, status=status.HTTP_202_ACCEPTED)
        order = _own_order(customer=customer, order_id=placed.pk)
        return Response(
            OrderOut(order).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("legacy_api:order-detail", args=[order.pk])},
        )


class OrderDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request: Request, order_id: int) -> Response:
        order = _own_order(customer=customer_of(request), order_id=order_id)
        return Response(OrderOut(order).data)


class OrderCancelApi(APIView):
    """Cancel an unshipped order and restock it; shipped, delivered or cancelled ones are a 409."""

    permission_classes = [IsAuthenticated]

    def post(self, request: Request, order_id: int) -> Response:
        customer = customer_of(request)
        try:
            ports.orders().order_cancel(customer=customer, order_id=order_id)
        except Order.DoesNotExist:
            raise NotFound(f"No order {order_id} on this account") from None
        return Response(OrderOut(_own_order(customer=customer, order_id=order_id)).data)


def _own_order(*, customer: AbstractBaseUser, order_id: int) -> Order:
    try:
        return ports.orders().order_get(customer=customer, order_id=order_id)
    except Order.DoesNotExist:
        raise NotFound(f"No order {order_id} on this account") from None
