"""Catalogue and reservation shapes on the wire: UUIDs, `{amount, currency}` money, UTC times."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from acl.errors import MoneyError
from acl.money import legacy_cents, money_to_decimal
from extracted_services.products.catalogue.models import Category, Product, Reservation

MONEY_SCHEMA = {
    "type": "object",
    "properties": {
        "amount": {"type": "string", "example": "12.99"},
        "currency": {"type": "string", "example": "GBP"},
    },
    "required": ["amount", "currency"],
}
MAX_LINE_QUANTITY = 10_000


@extend_schema_field(MONEY_SCHEMA)
class MoneyField(serializers.Field):
    """`{"amount": "12.99", "currency": "GBP"}`; only amounts the legacy shop can hold."""

    def to_representation(self, value: tuple[Decimal, str]) -> dict[str, str]:
        amount, currency = value
        return {"amount": format(amount, "f"), "currency": currency}

    def to_internal_value(self, data: Any) -> Decimal:
        try:
            legacy_cents(data)
            return money_to_decimal(data)
        except MoneyError as exc:
            raise serializers.ValidationError(str(exc)) from exc


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "legacy_id", "name", "slug", "visible", "sort_order"]
        read_only_fields = fields


class _CategoryFields(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    slug = serializers.SlugField(max_length=100)
    visible = serializers.BooleanField(required=False)
    sort_order = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    legacy_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


class CategoryCreateSerializer(_CategoryFields):
    id = serializers.UUIDField(required=False)


class CategoryUpdateSerializer(_CategoryFields):
    pass


class ProductSerializer(serializers.ModelSerializer):
    price = MoneyField()
    category_id = serializers.UUIDField()
    category_legacy_id = serializers.IntegerField(source="category.legacy_id", allow_null=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "legacy_id",
            "sku",
            "name",
            "description",
            "price",
            "stock",
            "category_id",
            "category_legacy_id",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProductReadSerializer(ProductSerializer):
    """A product as reads show it: also its category's name, which shop fronts print beside it
    (events carry the entity alone)."""

    category_name = serializers.CharField(source="category.name")

    class Meta(ProductSerializer.Meta):
        fields = [*ProductSerializer.Meta.fields, "category_name"]
        read_only_fields = fields


class _ProductFields(serializers.Serializer):
    sku = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, required=False)
    price = MoneyField()
    stock = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    category_id = serializers.UUIDField()
    active = serializers.BooleanField(required=False)
    legacy_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    created_at = serializers.DateTimeField(required=False)
    updated_at = serializers.DateTimeField(required=False)


class ProductCreateSerializer(_ProductFields):
    id = serializers.UUIDField(required=False)


class ProductUpdateSerializer(_ProductFields):
    pass


class ProductFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200,
        required=False,
        help_text="words that must each appear in the name, SKU or description",
    )
    category = serializers.CharField(
        max_length=100,
        required=False,
        help_text="category id (UUID) or slug; an unknown one is a 400",
    )
    active = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="staff and services only"
    )
    sku = serializers.CharField(max_length=32, required=False)
    legacy_id = serializers.IntegerField(min_value=1, required=False)


class CategoryFilterSerializer(serializers.Serializer):
    visible = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="staff and services only"
    )
    legacy_id = serializers.IntegerField(min_value=1, required=False)


class StockSerializer(serializers.Serializer):
    product_id = serializers.UUIDField(source="id")
    sku = serializers.CharField()
    stock = serializers.IntegerField(help_text="what can still be reserved")
    held = serializers.IntegerField(help_text="in reservations not yet confirmed")
    confirmed = serializers.IntegerField(help_text="in confirmed reservations")


class StockSetSerializer(serializers.Serializer):
    stock = serializers.IntegerField(min_value=0, max_value=2**31 - 1)


class StockAdjustmentSerializer(serializers.Serializer):
    delta = serializers.IntegerField(min_value=-(2**31), max_value=2**31 - 1)
    reason = serializers.CharField(max_length=200)

    def validate_delta(self, value: int) -> int:
        if value == 0:
            raise serializers.ValidationError("must not be 0")
        return value


class ReservationLineSerializer(serializers.Serializer):
    product_id = serializers.UUIDField()
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_LINE_QUANTITY)


class ReserveSerializer(serializers.Serializer):
    reservation_id = serializers.UUIDField(help_text="chosen by the caller; retries reuse it")
    order_id = serializers.UUIDField(
        required=False, help_text="the order the stock is for (defaults to reservation_id)"
    )
    lines = ReservationLineSerializer(many=True, allow_empty=False)

    def validate_lines(self, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        counts = Counter(line["product_id"] for line in lines)
        repeated = sorted(str(product_id) for product_id, count in counts.items() if count > 1)
        if repeated:
            raise serializers.ValidationError(
                f"name each product once per reservation; repeated: {', '.join(repeated)}"
            )
        return lines


class ReservationSerializer(serializers.ModelSerializer):
    lines = ReservationLineSerializer(many=True, read_only=True)
    released_from = serializers.SerializerMethodField()

    class Meta:
        model = Reservation
        fields = ["id", "order_id", "status", "released_from", "lines", "created_at", "updated_at"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True, "enum": ["held", "confirmed", None]})
    def get_released_from(self, reservation: Reservation) -> str | None:
        return reservation.released_from or None


class ReservationFilterSerializer(serializers.Serializer):
    order_id = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(choices=["held", "confirmed", "released"], required=False)
