"""Catalogue reads: visible categories, product search and detail."""

from django.db.models import Q, QuerySet

from legacy_monolith.flags import YesNo

from .models import Category, Product


def category_list() -> QuerySet[Category]:
    return Category.objects.filter(visible_yn=YesNo.YES)


def product_search(*, query: str = "", category_slug: str | None = None) -> QuerySet[Product]:
    """Products on sale, filtered by a free-text query over name, SKU and description."""
    products = Product.objects.on_sale().select_related("cat")
    if category_slug:
        products = products.filter(cat__slug=category_slug)
    for term in query.split():
        products = products.filter(
            Q(prod_name__icontains=term) | Q(prod_code__icontains=term) | Q(descr__icontains=term)
        )
    return products


def product_get(*, product_id: int) -> Product:
    return Product.objects.on_sale().select_related("cat").get(pk=product_id)
