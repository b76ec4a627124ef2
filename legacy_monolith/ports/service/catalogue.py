"""The catalogue port served by the products service, as the shop's own objects."""

from __future__ import annotations

from collections.abc import Iterable

from acl.clients.products import ProductsClient
from legacy_monolith.catalogue.models import Category, Product

from .copies import category_copy, product_copy
from .paging import RemoteList


class ServiceCatalogue:
    """Reads the products service as the monolith (a service identity), asking for what is on
    sale explicitly, since a service caller also sees what is hidden or off sale."""

    def __init__(self, *, products: ProductsClient, page_size: int = 20):
        self.client = products
        self.page_size = page_size
        self._categories: dict[int, Category] | None = None

    def _all_categories(self) -> dict[int, Category]:
        """Every category by legacy id, hidden ones too (a product's category may be hidden).
        Read once per port: a page uses one port."""
        if self._categories is None:
            copies = (category_copy(c) for c in self.client.categories())
            self._categories = {c.pk: c for c in copies if c is not None}
        return self._categories

    def _products(self, clean: Iterable[dict]) -> list[Product]:
        categories = self._all_categories()
        copies = (product_copy(p, categories=categories) for p in clean)
        return [p for p in copies if p is not None]

    def categories(self) -> list[Category]:
        return [c for c in self._all_categories().values() if c.visible_yn == "Y"]

    def category_by_slug(self, *, slug: str) -> Category:
        for category in self.categories():
            if category.slug == slug:
                return category
        raise Category.DoesNotExist(f"No visible category with slug {slug!r}")

    def product_search(
        self, *, query: str = "", category_slug: str | None = None
    ) -> RemoteList[Product]:
        def fetch(page: int, page_size: int) -> tuple[int, list[Product]]:
            found = self.client.products(
                q=query.strip() or None,
                category=category_slug or None,
                active=True,
                page=page,
                page_size=page_size,
            )
            return found.count, self._products(found.results)

        return RemoteList(fetch, first_page_size=self.page_size)

    def products_newest(self, *, limit: int) -> list[Product]:
        # The products service lists by name only; without an ordering by creation time the
        # home page shows the first products on sale by name.
        return self._products(self.client.products(active=True, page_size=limit).results)

    def product_get(self, *, product_id: int) -> Product:
        found = self.client.product_by_legacy_id(legacy_id=product_id, active=True)
        products = self._products([found]) if found else []
        if not products:
            raise Product.DoesNotExist(f"No product {product_id} on sale")
        return products[0]

    def products_by_ids(self, *, product_ids: Iterable[int], on_sale: bool = True) -> list[Product]:
        # One request per id: the service filters by a single legacy id. Carts are short.
        active = True if on_sale else None
        found = [
            self.client.product_by_legacy_id(legacy_id=pid, active=active)
            for pid in sorted(set(product_ids))
        ]
        products = self._products(p for p in found if p is not None)
        return sorted(products, key=lambda p: (p.prod_name, p.pk))
