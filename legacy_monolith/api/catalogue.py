"""Catalogue endpoints: product list (search, category, pages) and detail, categories."""

from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from legacy_monolith import ports
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.ports.listing import Listing

from .formats import LegacyDateTimeField, YesNoField
from .pagination import LegacyPagination


class CategoryOut(serializers.Serializer):
    cat_id = serializers.IntegerField(source="pk")
    cat_name = serializers.CharField()
    slug = serializers.CharField()
    sort_order = serializers.IntegerField()


class ProductOut(serializers.Serializer):
    prod_id = serializers.IntegerField(source="pk")
    prod_code = serializers.CharField()
    prod_name = serializers.CharField()
    descr = serializers.CharField()
    price_cents = serializers.IntegerField()
    qty_on_hand = serializers.IntegerField()
    in_stock = YesNoField()
    cat_id = serializers.IntegerField()
    cat_name = serializers.CharField(source="cat.cat_name")
    active = YesNoField(source="active_yn")
    created_dt = LegacyDateTimeField()
    modified_dt = LegacyDateTimeField()


class ProductFilterIn(serializers.Serializer):
    """Query string of the product list. Unknown parameters are ignored, as browsers add some."""

    q = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    cat = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def validate_cat(self, slug: str) -> str:
        if not slug:
            return slug
        try:
            self.context["catalogue"].category_by_slug(slug=slug)
        except Category.DoesNotExist:
            raise serializers.ValidationError(f'no category with slug "{slug}"') from None
        return slug


class ProductListApi(ListAPIView):
    serializer_class = ProductOut
    pagination_class = LegacyPagination

    def get_queryset(self) -> Listing[Product]:  # type: ignore[override]
        catalogue = ports.catalogue()
        filters = ProductFilterIn(data=self.request.query_params, context={"catalogue": catalogue})
        filters.is_valid(raise_exception=True)
        return catalogue.product_search(
            query=filters.validated_data["q"], category_slug=filters.validated_data["cat"] or None
        )


class ProductDetailApi(APIView):
    def get(self, request: Request, prod_id: int) -> Response:
        try:
            product = ports.catalogue().product_get(product_id=prod_id)
        except Product.DoesNotExist:
            raise NotFound(f"No product {prod_id} on sale") from None
        return Response(ProductOut(product).data)


class CategoryListApi(ListAPIView):
    serializer_class = CategoryOut
    pagination_class = LegacyPagination

    def get_queryset(self) -> list[Category]:  # type: ignore[override]
        return ports.catalogue().categories()
