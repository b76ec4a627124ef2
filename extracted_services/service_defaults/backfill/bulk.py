"""Inserting many new rows fast: PostgreSQL's COPY, else `bulk_create`.

COPY sends the values in psycopg's own wire format instead of quoting each of them into an
INSERT statement, which is most of the cost of a large `bulk_create`. Values of plain fields
(numbers, text, booleans, UUIDs, decimals, datetimes, foreign keys) are sent as the instance
holds them, so they must already be of the field's Python type (as `Model(**fields)` from parsed
values is); every other field (JSON, `auto_now`, ...) goes through Django's own `pre_save` and
`get_db_prep_save`. Model signals are not sent, as with `bulk_create`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

PLAIN_FIELDS = (
    models.IntegerField,  # and its positive, big and small kinds, and AutoField
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.UUIDField,
    models.DecimalField,
    models.DateTimeField,
    models.ForeignKey,
)


def insert_new(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Insert `objects` (new rows, every primary key set) in the caller's transaction.

    Raises django.db.IntegrityError, as `bulk_create` would, if one of them already exists.
    """
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects)
        return
    fields = model._meta.concrete_fields
    values = [_value_of(field, connection) for field in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw: Any = cursor.cursor
        with raw.copy(statement) as copy:
            for obj in objects:
                copy.write_row([value(obj) for value in values])


def _value_of(field: Any, connection: BaseDatabaseWrapper) -> Callable[[models.Model], Any]:
    automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    if isinstance(field, PLAIN_FIELDS) and not automatic:
        return attrgetter(field.attname)
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)
