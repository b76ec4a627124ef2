"""States of the products service shared by its pairs: catalogue rows, reservations, events.

The event states create or change a category or product through the service's own
`services.py` and `stock.py`, which record the event with the write through the payload builders
in `catalogue/events.py`, as in production; the message endpoint then answers with the last event
of the type the consumer expects.
"""

from decimal import Decimal
from uuid import UUID

from acl.ids import Kind, legacy_uuid
from extracted_services.products.catalogue import reservations, services, stock
from extracted_services.products.catalogue.models import Category
from extracted_services.products.tests.factories import CategoryFactory, ProductFactory

# The category every product state files its product under: one copied from the shop, so its
# id is the one the ACL derives from its shop id.
KITCHEN_LEGACY_ID = 3
KITCHEN = legacy_uuid(Kind.CATEGORY, KITCHEN_LEGACY_ID)


def category_created(*, slug: str, id: str, legacy_id: int | None) -> None:
    services.category_create(
        id=UUID(id), legacy_id=legacy_id, name=slug.title(), slug=slug, sort_order=1
    )


def category_renamed(*, slug: str, id: str, legacy_id: int | None, name: str) -> None:
    category_created(slug=slug, id=id, legacy_id=legacy_id)
    services.category_update(category=Category.objects.get(pk=id), changes={"name": name})


def product_created(*, sku: str, id: str, legacy_id: int | None) -> None:
    if not Category.objects.filter(pk=KITCHEN).exists():
        category_created(slug="kitchen", id=str(KITCHEN), legacy_id=KITCHEN_LEGACY_ID)
    services.product_create(
        id=UUID(id),
        legacy_id=legacy_id,
        sku=sku,
        name="Teapot",
        description="Brews four cups.",
        price=Decimal("24.50"),
        stock=5,
        category_id=KITCHEN,
    )


def product_repriced(*, sku: str, id: str, legacy_id: int | None, price: str) -> None:
    product_created(sku=sku, id=id, legacy_id=legacy_id)
    services.product_update(product_id=UUID(id), changes={"price": Decimal(price)})


def product_restocked(*, sku: str, id: str, legacy_id: int | None, stock_count: int) -> None:
    product_created(sku=sku, id=id, legacy_id=legacy_id)
    stock.stock_set(product_id=UUID(id), stock=stock_count, note="stock count")


CATEGORY_EVENT_STATES = {
    "category {slug} ({id}, legacy id {legacy_id}) created in the products service": (
        category_created
    ),
    "category {slug} ({id}, legacy id {legacy_id}) renamed {name} in the products service": (
        category_renamed
    ),
}
PRODUCT_EVENT_STATES = {
    "product {sku} ({id}, legacy id {legacy_id}) created in the products service": (
        product_created
    ),
    "product {sku} ({id}, legacy id {legacy_id}) repriced to {price} in the products service": (
        product_repriced
    ),
    "product {sku} ({id}, legacy id {legacy_id}) counted at {stock_count} in the products service": (
        product_restocked
    ),
}


# Rows for the HTTP pacts (the monolith's client, the orders service's stock client).


def category(*, slug: str, id: str, legacy_id: int) -> None:
    CategoryFactory(id=id, legacy_id=legacy_id, slug=slug, name=slug.title(), sort_order=1)


def product(*, sku: str, id: str, legacy_id: int, category_id: str, stock: int) -> None:
    ProductFactory(
        id=id,
        legacy_id=legacy_id,
        sku=sku,
        name="Teapot",
        description="Brews four cups.",
        price_amount=Decimal("24.50"),
        stock=stock,
        category=Category.objects.get(pk=category_id),
    )


def reservation_held(*, id: str, quantity: int, product_id: str) -> None:
    reservations.reservation_reserve(reservation_id=UUID(id), lines={UUID(product_id): quantity})


CATALOGUE_STATES = {
    "a category {slug} with id {id} and legacy id {legacy_id}": category,
    (
        "a product {sku} with id {id} and legacy id {legacy_id} in category {category_id}, "
        "{stock} in stock"
    ): product,
}
