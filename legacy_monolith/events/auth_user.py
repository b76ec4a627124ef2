"""Change recording for `auth.User`, Django's own model, whose class the shop cannot give a base.

What `ChangeRecordingModel` and `ChangeRecordingQuerySet` give the shop's own models is fitted
onto the existing class at start-up instead:

* `save()` runs in a transaction, so the post-save handler records the customer's event in the
  same transaction as the row (Django saves in autocommit mode otherwise: `update_last_login`
  on every sign-in, for one);
* `User.objects` (and the admin, forms and DRF, which use the default manager) build
  `ChangeRecordingQuerySet`s, so `update()` and `bulk_create()` record events too.

The manager keeps its class (`UserManager`), so the migration state of `auth` is unchanged.
Related managers built by Django from the manager's class (`group.user_set`) are plain: write
users through `User.objects`.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import router, transaction

from messaging.changes import ChangeRecordingQuerySet

_INSTALLED = "_records_changes"


def record_user_changes() -> None:
    """Make every write to the user model record its change event (idempotent)."""
    user_model = get_user_model()
    if getattr(user_model.save, _INSTALLED, False):
        return
    user_model.save = _atomic_save(user_model.save)  # type: ignore[method-assign]
    # The managers are declared on an abstract parent (AbstractUser) and copied onto the model
    # on first use: change the declared ones, then drop the copies already made.
    names = {manager.name for manager in user_model._meta.managers}
    for cls in user_model.__mro__:
        for manager in getattr(getattr(cls, "_meta", None), "local_managers", ()):
            if manager.name in names:
                manager._queryset_class = ChangeRecordingQuerySet
    user_model._meta._expire_cache(reverse=False)  # type: ignore[attr-defined]


def _atomic_save(save: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(save)
    def atomic_save(self: Any, *args: Any, **kwargs: Any) -> None:
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            save(self, *args, **kwargs)

    setattr(atomic_save, _INSTALLED, True)
    return atomic_save
