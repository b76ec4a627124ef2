"""The catalogue port: what the storefront and the API read about categories and products.

Both implementations return the shop's own `Category` and `Product` objects (from the tables,
or detached copies translated from the products service), raise `Category.DoesNotExist` /
`Product.DoesNotExist` for what is missing or off sale, and return lists that Django's Paginator
can page (`count()` and slices).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.catalogue.selectors import category_list, product_get, product_search

from .listing import Listing


class CataloguePort(Protocol):
    def categories(self) -> list[Category]:
        """The visible categories, in the shop's order."""
        ...

    def category_by_slug(self, *, slug: str) -> Category:
        """A visible category; Category.DoesNotExist otherwise."""
        ...

    def product_search(
        self, *, query: str = "", category_slug: str | None = None
    ) -> Listing[Product]:
        """Products on sale by name, optionally in one category and matching a free-text query."""
        ...

    def products_newest(self, *, limit: int) -> list[Product]:
        """The most recently added products on sale."""
        ...

    def product_get(self, *, product_id: int) -> Product:
        """A product on sale; Product.DoesNotExist otherwise."""
        ...

    def products_by_ids(self, *, product_ids: Iterable[int], on_sale: bool = True) -> list[Product]:
        """The products with these ids that exist (and are on sale, if asked), by name."""
        ...


class LegacyCatalogue:
    """The catalogue from the shop's own tables, through its selectors."""

    def categories(self) -> list[Category]:
        return list(category_list())

    def category_by_slug(self, *, slug: str) -> Category:
        return category_list().get(slug=slug)

    def product_search(
        self, *, query: str = "", category_slug: str | None = None
    ) -> Listing[Product]:
        return product_search(query=query, category_slug=category_slug)

    def products_newest(self, *, limit: int) -> list[Product]:
        return list(product_search().order_by("-created_dt", "-id")[:limit])

    def product_get(self, *, product_id: int) -> Product:
        return product_get(product_id=product_id)

    def products_by_ids(self, *, product_ids: Iterable[int], on_sale: bool = True) -> list[Product]:
        products = Product.objects.on_sale() if on_sale else Product.objects.all()
        return list(products.filter(pk__in=list(product_ids)))
