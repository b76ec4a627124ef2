"""Change feeds: every write to a model records an event, including bulk and admin writes.

    feed = ChangeFeed(
        model=Product,
        changed="legacy.catalogue.product.changed.v1",
        deleted="legacy.catalogue.product.deleted.v1",
        snapshot=lambda product: {"id": product.pk, "prod_name": product.prod_name, ...},
    )
    register_feed(feed)  # in AppConfig.ready()

and give the model `objects = ChangeRecordingQuerySet.as_manager()` (or a manager built on
it) and `ChangeRecordingModel` as a base class. Then:

* `save()` / `delete()` (admin edits, forms, services) run in a transaction whose signal
  handlers record `changed` / `deleted` with a snapshot of the row;
* `QuerySet.update()` (admin bulk actions) locks the matching rows, updates exactly those and
  records a `changed` event for each; `bulk_update()` goes through `update()`, and
  `bulk_create()` records one per created row;
* `QuerySet.delete()` goes through the delete signals, one `deleted` event per row.

Raw SQL and `QuerySet._raw_delete()` bypass all of this, as they bypass Django itself.

Writes inside `with suppressed():` record nothing: for writes that apply another system's
events (reverse sync), which must not echo back, and for bulk loads a backfill carries instead.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models, router, transaction
from django.db.models.signals import post_delete, post_save

from .outbox import NewEvent, record_events

Snapshot = Callable[[Any], dict[str, Any]]
_CHUNK = 1000
_suppressed: ContextVar[bool] = ContextVar("messaging_changes_suppressed", default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    """Record no change events for the writes made in this block (this thread or task only)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed() -> bool:
    return _suppressed.get()


@dataclass(frozen=True)
class ChangeFeed:
    """How writes to `model` become events: the two event types and the payload of a row."""

    model: type[models.Model]
    changed: str
    deleted: str
    snapshot: Snapshot
    deleted_snapshot: Snapshot | None = None

    def changed_events(self, instances: Iterable[models.Model]) -> list[NewEvent]:
        return [NewEvent(self.changed, obj.pk, self.snapshot(obj)) for obj in instances]

    def deleted_events(self, instances: Iterable[models.Model]) -> list[NewEvent]:
        build = self.deleted_snapshot or (lambda obj: {"id": obj.pk})
        return [NewEvent(self.deleted, obj.pk, build(obj)) for obj in instances]


_feeds: dict[type[models.Model], ChangeFeed] = {}


def register_feed(feed: ChangeFeed) -> None:
    """Record events for every write to `feed.model` (idempotent)."""
    if _feeds.get(feed.model) == feed:
        return
    _feeds[feed.model] = feed
    uid = f"messaging-feed-{feed.model._meta.label_lower}"
    post_save.connect(_on_save, sender=feed.model, dispatch_uid=uid + "-save")
    post_delete.connect(_on_delete, sender=feed.model, dispatch_uid=uid + "-delete")


def feed_for(model: type[models.Model]) -> ChangeFeed:
    try:
        return _feeds[model]
    except KeyError:
        raise LookupError(f"{model._meta.label} has no change feed; call register_feed()") from None


def _on_save(sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any) -> None:
    if is_suppressed():
        return
    record_events(feed_for(sender).changed_events([instance]), using=using)


def _on_delete(
    sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any
) -> None:
    if is_suppressed():
        return
    record_events(feed_for(sender).deleted_events([instance]), using=using)


class ChangeRecordingModel(models.Model):
    """Base class that makes a plain `save()` / `delete()` atomic with its event.

    Outside `transaction.atomic()` Django saves in autocommit mode, which would commit the row
    before the post-save handler records its event.
    """

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            return super().delete(*args, **kwargs)


class ChangeRecordingQuerySet(models.QuerySet):
    """QuerySet whose bulk writes record the model's change events in the same transaction."""

    def update(self, **kwargs: Any) -> int:
        if is_suppressed():
            return super().update(**kwargs)
        feed = feed_for(self.model)
        with transaction.atomic(using=self.db):
            # Lock and pin the matching rows, so the events describe exactly the rows changed.
            # Locking through a pk subquery works for querysets FOR UPDATE refuses (distinct()
            # from admin searches), and in pk order, so concurrent bulk updates cannot deadlock.
            base = self.model._base_manager.using(self.db)
            pks = list(
                base.filter(pk__in=self.values("pk"))
                .select_for_update()
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            count = 0
            for start in range(0, len(pks), _CHUNK):
                chunk = pks[start : start + _CHUNK]
                count += models.QuerySet.update(base.filter(pk__in=chunk), **kwargs)
                record_events(
                    feed.changed_events(base.filter(pk__in=chunk).order_by("pk")), using=self.db
                )
        return count

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(self, objs: Iterable[models.Model], *args: Any, **kwargs: Any) -> list[Any]:
        if is_suppressed():
            return super().bulk_create(objs, *args, **kwargs)
        feed = feed_for(self.model)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            # Rows skipped by ignore_conflicts come back without a primary key.
            record_events(
                feed.changed_events(o for o in created if o.pk is not None), using=self.db
            )
        return created

    def delete(self) -> tuple[int, dict[str, int]]:
        # The delete signals record the events; they fire inside Django's delete transaction.
        with transaction.atomic(using=self.db):
            return super().delete()

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]
