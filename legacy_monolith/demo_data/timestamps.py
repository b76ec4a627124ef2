"""Inserting rows with the timestamps they carry, where the model would stamp the current time."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models


@contextmanager
def explicit_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Within the block, `auto_now` / `auto_now_add` fields keep the value set on the object.

    Django stamps those fields on every insert, bulk_create included, which would give two
    years of seeded history one and the same date. Rewriting each row after the insert would
    double the writes, so the stamping is switched off instead and switched back on exit.
    The switch is process-wide: use it only in a command that does nothing else meanwhile.
    """
    switched: list[tuple[models.DateField, bool, bool]] = []
    for model in model_classes:
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
                switched.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in switched:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
