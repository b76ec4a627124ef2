"""Provider states of the monolith's pact with the products service, set up in its database.

Each handler takes the state's parameters by name; the database is emptied after every
interaction, so a handler only creates what its state names.
"""

from contracts.states.identity import IDENTITY_STATES
from contracts.states.products import CATALOGUE_STATES
from extracted_services.products.catalogue.models import Category
from extracted_services.products.tests.factories import CategoryFactory, ProductFactory


def product_off_sale(*, sku: str, legacy_id: int, category_id: str) -> None:
    ProductFactory(
        sku=sku, legacy_id=legacy_id, category=Category.objects.get(pk=category_id), active=False
    )


def category_created_here(*, slug: str, id: str) -> None:
    CategoryFactory(id=id, legacy_id=None, slug=slug, name=slug.title())


def product_created_here(*, sku: str, id: str, category_id: str) -> None:
    ProductFactory(id=id, legacy_id=None, sku=sku, category=Category.objects.get(pk=category_id))


PROVIDER_STATES = {
    **IDENTITY_STATES,
    **CATALOGUE_STATES,
    "a product {sku} with legacy id {legacy_id} in category {category_id}, off sale": (
        product_off_sale
    ),
    "a category {slug} with id {id}, created here and not yet in the shop": category_created_here,
    "a product {sku} with id {id} in category {category_id}, created here and not yet in the shop": (
        product_created_here
    ),
}
