"""Catalogue pages: home, category and search listings, product detail."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.generic import ListView

from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.catalogue.selectors import category_list, product_get, product_search

from ..cart import cart_for
from ..forms import AddToCartForm
from . import ShopPageSizeMixin

HOME_PRODUCT_COUNT = 8


def home(request: HttpRequest) -> HttpResponse:
    newest = product_search().order_by("-created_dt", "-id")[:HOME_PRODUCT_COUNT]
    return render(
        request,
        "storefront/home.html",
        {"categories": category_list(), "products": newest},
    )


class ProductListView(ShopPageSizeMixin, ListView):
    """Products on sale, optionally within one category, filtered by `?q=`."""

    template_name = "storefront/product_list.html"
    context_object_name = "products"

    def get_queryset(self) -> QuerySet[Product]:
        self.query = self.request.GET.get("q", "").strip()
        self.category: Category | None = None
        if "slug" in self.kwargs:
            self.category = get_object_or_404(category_list(), slug=self.kwargs["slug"])
        return product_search(
            query=self.query, category_slug=self.category.slug if self.category else None
        )

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            query=self.query, category=self.category, categories=category_list(), **kwargs
        )


def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_product_detail(request, pk=pk, form=AddToCartForm())


def render_product_detail(
    request: HttpRequest, *, pk: int, form: AddToCartForm, status: int = 200
) -> HttpResponse:
    """The product page with the given add-to-cart form (bound and invalid, or blank)."""
    try:
        product = product_get(product_id=pk)
    except Product.DoesNotExist:
        raise Http404("This product does not exist or is no longer on sale.") from None
    in_cart = cart_for(request).quantity_of(product_id=product.pk)
    return render(
        request,
        "storefront/product_detail.html",
        {"product": product, "form": form, "in_cart": in_cart},
        status=status,
    )
