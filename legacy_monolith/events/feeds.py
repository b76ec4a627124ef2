"""The change feeds of the legacy tables: which write records which event, about which aggregate.

Every write to a customer (`auth_user`, `tbl_customer_profile`), a category, a product or an
order (`tbl_order`, `tbl_order_line`) records the aggregate's `changed` event (or `deleted`)
in the writing transaction, through `messaging.changes`. A write to a part of an aggregate
(a profile, an order line) records the event of the whole: the customer, the order.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import DEFAULT_DB_ALIAS, models

from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.orders.models import Order, OrderLine
from messaging.changes import ChangeFeed
from messaging.outbox import NewEvent

from . import schemas, snapshots

Loader = Callable[[Sequence[int], str], snapshots.Payloads]


def _one(load: Loader, field: str) -> Callable[[Any], dict[str, Any]]:
    """The payload of the aggregate one row belongs to (KeyError if it is not in the feed)."""

    def snapshot(row: models.Model) -> dict[str, Any]:
        aggregate_id = getattr(row, field)
        return load([aggregate_id], row._state.db or DEFAULT_DB_ALIAS)[aggregate_id]

    return snapshot


@dataclass(frozen=True, kw_only=True)
class AggregateFeed(ChangeFeed):
    """A feed whose events carry a whole aggregate, read back by `load` after the write.

    `aggregate_field` names the aggregate a written row belongs to: `pk` for a root (a
    product, an order), the parent's key for a part (an order line's `order_id`). Rows of one
    aggregate written together (a checkout's lines) record one event for it.
    """

    load: Loader
    aggregate_field: str = "pk"

    def changed_events(self, instances: Iterable[models.Model]) -> list[NewEvent]:
        ids, using = self._aggregate_ids(instances)
        if not ids:
            return []
        payloads = self.load(ids, using)
        return [NewEvent(self.changed, pk, payloads[pk]) for pk in ids if pk in payloads]

    def _aggregate_ids(self, instances: Iterable[models.Model]) -> tuple[list[int], str]:
        if isinstance(instances, models.QuerySet):
            # QuerySet.update() passes the rows it changed: only their keys are needed.
            keys = instances.values_list(self.aggregate_field, flat=True)
            return list(dict.fromkeys(keys)), instances.db
        rows = list(instances)
        if not rows:
            return [], DEFAULT_DB_ALIAS
        ids = [getattr(row, self.aggregate_field) for row in rows]
        return list(dict.fromkeys(ids)), rows[0]._state.db or DEFAULT_DB_ALIAS


@dataclass(frozen=True, kw_only=True)
class PartFeed(AggregateFeed):
    """Rows that are parts of an aggregate: deleting one changes the aggregate, not deletes it."""

    def deleted_events(self, instances: Iterable[models.Model]) -> list[NewEvent]:
        return self.changed_events(instances)


@dataclass(frozen=True, kw_only=True)
class CustomerFeed(AggregateFeed):
    """`auth_user`: staff users without a profile are not customers, so not in the feed."""

    def deleted_events(self, instances: Iterable[models.Model]) -> list[NewEvent]:
        # A deleted user's profile went first (cascade), so whether they had one is no longer
        # known here: staff who were customers get theirs from the profile's deletion instead.
        customers = (user for user in instances if not cast(AbstractUser, user).is_staff)
        return super().deleted_events(customers)


@dataclass(frozen=True, kw_only=True)
class ProfileFeed(PartFeed):
    """`tbl_customer_profile`: a staff user who loses their profile stops being a customer."""

    def deleted_events(self, instances: Iterable[models.Model]) -> list[NewEvent]:
        ids, using = self._aggregate_ids(instances)
        if not ids:
            return []
        left = snapshots.staff_without_profile(ids, using)
        payloads = self.load(ids, using)
        return [
            NewEvent(self.deleted, pk, {"id": pk})
            if pk in left
            else NewEvent(self.changed, pk, payloads[pk])
            for pk in ids
            if pk in left or pk in payloads
        ]


def _feed(
    cls: type[AggregateFeed],
    model: type[models.Model],
    types: tuple[str, str],
    load: Loader,
    field: str = "pk",
) -> AggregateFeed:
    changed, deleted = types
    return cls(
        model=model,
        changed=changed,
        deleted=deleted,
        snapshot=_one(load, field),
        load=load,
        aggregate_field=field,
    )


_CUSTOMER = (schemas.CUSTOMER_CHANGED, schemas.CUSTOMER_DELETED)
_ORDER = (schemas.ORDER_CHANGED, schemas.ORDER_DELETED)

CUSTOMER_FEEDS = [
    _feed(CustomerFeed, get_user_model(), _CUSTOMER, snapshots.customers),
    _feed(ProfileFeed, Profile, _CUSTOMER, snapshots.customers, "user_id"),
]
CATALOGUE_FEEDS = [
    _feed(
        AggregateFeed,
        Category,
        (schemas.CATEGORY_CHANGED, schemas.CATEGORY_DELETED),
        snapshots.categories,
    ),
    _feed(
        AggregateFeed,
        Product,
        (schemas.PRODUCT_CHANGED, schemas.PRODUCT_DELETED),
        snapshots.products,
    ),
]
ORDER_FEEDS = [
    _feed(AggregateFeed, Order, _ORDER, snapshots.orders),
    _feed(PartFeed, OrderLine, _ORDER, snapshots.orders, "order_id"),
]
