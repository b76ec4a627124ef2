"""Request and response shapes of the orders API; the response shape is also every event's payload."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..address import ShippingAddressInvalid, shipping_address_cleaned
from ..models import Order, OrderLine, OrderStatus

MAX_QUANTITY = 10_000


class MoneySerializer(serializers.Serializer):
    """`{"amount": "12.99", "currency": "GBP"}`: a decimal string, never a float."""

    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField(min_length=3, max_length=3)


def money(amount: Decimal, currency: str) -> dict[str, str]:
    return {"amount": format(amount.quantize(Decimal("0.01")), "f"), "currency": currency}


class AddressSerializer(serializers.Serializer):
    """A structured UK address as in acl/README.md; `country` is "GB" or null."""

    lines = serializers.ListField(child=serializers.CharField(trim_whitespace=False), min_length=1)
    city = serializers.CharField(trim_whitespace=False)
    postcode = serializers.CharField(trim_whitespace=False)
    country = serializers.CharField(allow_null=True)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        try:
            return shipping_address_cleaned(data)
        except ShippingAddressInvalid as exc:
            raise serializers.ValidationError(exc.errors) from exc


class LineRequestSerializer(serializers.Serializer):
    product_id = serializers.UUIDField()
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)


class PlaceOrderSerializer(serializers.Serializer):
    customer_id = serializers.UUIDField(
        required=False,
        help_text="Whose order this is. Customers leave it out (it is them); staff and services must send it.",
    )
    lines = LineRequestSerializer(many=True, allow_empty=False)
    shipping_address = AddressSerializer()


class OrderLineSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="product_name")
    unit_price = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()

    class Meta:
        model = OrderLine
        fields = [
            "id",
            "legacy_id",
            "product_id",
            "product_legacy_id",
            "sku",
            "name",
            "quantity",
            "unit_price",
            "total",
        ]

    @extend_schema_field(MoneySerializer)
    def get_unit_price(self, line: OrderLine) -> dict[str, str]:
        return money(line.unit_price, line.order.currency)

    @extend_schema_field(MoneySerializer)
    def get_total(self, line: OrderLine) -> dict[str, str]:
        return money(line.line_total, line.order.currency)


class OrderSerializer(serializers.ModelSerializer):
    lines = OrderLineSerializer(many=True, read_only=True)
    total = serializers.SerializerMethodField()
    shipping_address = serializers.JSONField(
        help_text='Structured address, or {"unparsed": "<text>"} / null for some legacy orders.'
    )

    class Meta:
        model = Order
        fields = [
            "id",
            "legacy_id",
            "customer_id",
            "customer_legacy_id",
            "status",
            "rejection_reason",
            "total",
            "shipping_address",
            "lines",
            "created_at",
            "placed_at",
            "shipped_at",
            "delivered_at",
            "cancelled_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(MoneySerializer)
    def get_total(self, order: Order) -> dict[str, str]:
        return money(order.total, order.currency)


class OrderFilterSerializer(serializers.Serializer):
    """Query parameters of the order list; customers only ever see their own orders."""

    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)
    customer_id = serializers.UUIDField(required=False)
    legacy_id = serializers.IntegerField(min_value=1, required=False)
    has_legacy_id = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: only orders the legacy shop knows (placed here and not yet reverse-synced, or rejected, are left out)",
    )


class LegacyIdSerializer(serializers.Serializer):
    legacy_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
