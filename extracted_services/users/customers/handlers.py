"""Forward sync: the monolith's customer change feed applied to the customers here.

Consumer `users-legacy-sync` (`manage.py messaging_consume users-legacy-sync`). Each event is
translated through the ACL (`acl.legacy_feed`, `acl.users`) and applied silently, so it never
echoes back to the monolith; the inbox applies each event once, in order per customer.
"""

from acl.legacy_feed import customer_rows, deleted_id
from acl.users import customer_from_legacy
from extracted_services.users.customers.sync import (
    CustomerIds,
    customer_apply_from_legacy,
    customer_remove_from_legacy,
)
from messaging.consumers import consumer
from messaging.envelope import Event

legacy_sync = consumer("users-legacy-sync")


@legacy_sync.handles("legacy.customers.customer.changed.v1")
def apply_legacy_customer_changed(event: Event) -> None:
    clean = customer_from_legacy(**customer_rows(event.data), ids=CustomerIds())
    customer_apply_from_legacy(customer=clean)


@legacy_sync.handles("legacy.customers.customer.deleted.v1")
def apply_legacy_customer_deleted(event: Event) -> None:
    customer_remove_from_legacy(legacy_id=deleted_id(event.data))
