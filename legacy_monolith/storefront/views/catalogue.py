"""Catalogue pages: home, category and search listings, product detail."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import ListView

from legacy_monolith import ports
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.ports.listing import Listing

from ..cart import cart_for
from ..forms import AddToCartForm
from . import ShopPageSizeMixin

HOME_PRODUCT_COUNT = 8


def home(request: HttpRequest) -> HttpResponse:
    catalogue = ports.catalogue()
    return render(
        request,
        "storefront/home.html",
        {
            "categories": catalogue.categories(),
            "products": catalogue.products_newest(limit=HOME_PRODUCT_COUNT),
        },
    )


class ProductListView(ShopPageSizeMixin, ListView):
    """Products on sale, optionally within one category, filtered by `?q=`."""

    template_name = "storefront/product_list.html"
    context_object_name = "products"

    def get_queryset(self) -> Listing[Product]:  # type: ignore[override]
        self.catalogue = ports.catalogue()
        self.query = self.request.GET.get("q", "").strip()
        self.category: Category | None = None
        if "slug" in self.kwargs:
            try:
                self.category = self.catalogue.category_by_slug(slug=self.kwargs["slug"])
            except Category.DoesNotExist:
                raise Http404("No such department.") from None
        return self.catalogue.product_search(
            query=self.query, category_slug=self.category.slug if self.category else None
        )

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            query=self.query,
            category=self.category,
            categories=self.catalogue.categories(),
            **kwargs,
        )


def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_product_detail(request, pk=pk, form=AddToCartForm())


def render_product_detail(
    request: HttpRequest, *, pk: int, form: AddToCartForm, status: int = 200
) -> HttpResponse:
    """The product page with the given add-to-cart form (bound and invalid, or blank)."""
    try:
        product = ports.catalogue().product_get(product_id=pk)
    except Product.DoesNotExist:
        raise Http404("This product does not exist or is no longer on sale.") from None
    in_cart = cart_for(request).quantity_of(product_id=product.pk)
    return render(
        request,
        "storefront/product_detail.html",
        {"product": product, "form": form, "in_cart": in_cart},
        status=status,
    )
