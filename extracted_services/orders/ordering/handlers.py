"""Forward sync: the monolith's change feed applied to the orders here and to the snapshots.

Consumer `orders-legacy-sync` (`manage.py messaging_consume orders-legacy-sync`):

* `legacy.orders.order.*`: orders copied through the ACL and applied silently
  (`sync.order_apply_from_legacy`), so nothing echoes back to the monolith;
* `legacy.customers.customer.*`, `legacy.catalogue.product.*`: the customer and product
  snapshots, for as long as the monolith owns customers and products (the users and products
  services apply legacy changes silently, so their own events do not carry them). The legacy
  row translated through the ACL is the very payload the owner's event carries, so the
  snapshot handlers of `orders-snapshots` apply it; both feeds can run at once, since a
  snapshot keeps the newest `updated_at` whichever feed brings it.

One queue for all three keeps a product's snapshot ahead of the orders changed after it.
"""

from dataclasses import replace

from acl.ids import Kind
from acl.legacy_feed import customer_rows, deleted_id, order_rows, product_row
from acl.orders import order_from_legacy
from acl.products import product_from_legacy
from acl.users import customer_from_legacy
from extracted_services.orders.readmodels.handlers import (
    apply_customer_changed,
    apply_product_changed,
)
from messaging.consumers import consumer
from messaging.envelope import Event

from .legacy_sync import OrderIds, order_remove_from_legacy, snapshot_deactivate_from_legacy
from .sync import order_apply_from_legacy

legacy_sync = consumer("orders-legacy-sync")


@legacy_sync.handles("legacy.orders.order.changed.v1")
def apply_legacy_order_changed(event: Event) -> None:
    order_apply_from_legacy(order=order_from_legacy(**order_rows(event.data), ids=OrderIds()))


@legacy_sync.handles("legacy.orders.order.deleted.v1")
def apply_legacy_order_deleted(event: Event) -> None:
    order_remove_from_legacy(legacy_id=deleted_id(event.data))


@legacy_sync.handles("legacy.customers.customer.changed.v1")
def apply_legacy_customer_changed(event: Event) -> None:
    clean = customer_from_legacy(**customer_rows(event.data), ids=OrderIds())
    apply_customer_changed(replace(event, data=clean))


@legacy_sync.handles("legacy.customers.customer.deleted.v1")
def apply_legacy_customer_deleted(event: Event) -> None:
    snapshot_deactivate_from_legacy(kind=Kind.CUSTOMER, legacy_id=deleted_id(event.data))


@legacy_sync.handles("legacy.catalogue.product.changed.v1")
def apply_legacy_product_changed(event: Event) -> None:
    clean = product_from_legacy(row=product_row(event.data), ids=OrderIds())
    apply_product_changed(replace(event, data=clean))


@legacy_sync.handles("legacy.catalogue.product.deleted.v1")
def apply_legacy_product_deleted(event: Event) -> None:
    snapshot_deactivate_from_legacy(kind=Kind.PRODUCT, legacy_id=deleted_id(event.data))
