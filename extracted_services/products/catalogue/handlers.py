"""Forward sync: the monolith's catalogue change feed applied to the categories and products here.

Consumer `products-legacy-sync` (`manage.py messaging_consume products-legacy-sync`). Each
event is translated through the ACL (`acl.legacy_feed`, `acl.products`) and applied silently,
so it never echoes back to the monolith; the inbox applies each event once, in order per
category or product. Categories and products share the queue, so a product's new category,
changed before it in the monolith, is here before the product.
"""

from acl.legacy_feed import category_row, deleted_id, product_row
from acl.products import category_from_legacy, product_from_legacy
from extracted_services.products.catalogue.sync import (
    CatalogueIds,
    category_apply_from_legacy,
    category_remove_from_legacy,
    product_apply_from_legacy,
    product_remove_from_legacy,
)
from messaging.consumers import consumer
from messaging.envelope import Event

legacy_sync = consumer("products-legacy-sync")


@legacy_sync.handles("legacy.catalogue.category.changed.v1")
def apply_legacy_category_changed(event: Event) -> None:
    clean = category_from_legacy(row=category_row(event.data), ids=CatalogueIds())
    category_apply_from_legacy(category=clean)


@legacy_sync.handles("legacy.catalogue.category.deleted.v1")
def apply_legacy_category_deleted(event: Event) -> None:
    category_remove_from_legacy(legacy_id=deleted_id(event.data))


@legacy_sync.handles("legacy.catalogue.product.changed.v1")
def apply_legacy_product_changed(event: Event) -> None:
    clean = product_from_legacy(row=product_row(event.data), ids=CatalogueIds())
    product_apply_from_legacy(product=clean)


@legacy_sync.handles("legacy.catalogue.product.deleted.v1")
def apply_legacy_product_deleted(event: Event) -> None:
    product_remove_from_legacy(legacy_id=deleted_id(event.data))
