"""Typed reads of one field from a row or a clean dict, with errors that name the field."""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from .errors import TranslationError, at
from .ids import (
    IdMap,
    Kind,
    check_legacy_id,
    legacy_id_for,
    parse_uuid,
    require_legacy_id,
    uuid_for,
)

T = TypeVar("T")

# Legacy integer columns (IntegerField, PositiveIntegerField) are PostgreSQL `integer`.
LEGACY_MAX_INT = 2**31 - 1

_MISSING = object()


def _describe(value: Any) -> str:
    return f"{value!r} ({type(value).__name__})"


def required(data: Mapping[str, Any], key: str) -> Any:
    """The value under `key`; a missing key is an error naming it."""
    if not isinstance(data, Mapping):
        raise TranslationError(f"expected a mapping of fields, got {_describe(data)}")
    value = data.get(key, _MISSING)
    if value is _MISSING:
        raise TranslationError("is missing", field=key)
    return value


def text(
    data: Mapping[str, Any],
    key: str,
    *,
    max_length: int | None = None,
    allow_empty: bool = True,
) -> str:
    """A string field; `max_length` is the legacy column's limit, checked on the way in."""
    value = required(data, key)
    if not isinstance(value, str):
        raise TranslationError(f"expected text, got {_describe(value)}", field=key)
    if not allow_empty and not value:
        raise TranslationError("must not be empty", field=key)
    if max_length is not None and len(value) > max_length:
        raise TranslationError(
            f"is {len(value)} characters long; the legacy column holds at most {max_length}",
            field=key,
        )
    return value


def whole(
    data: Mapping[str, Any], key: str, *, minimum: int = 0, maximum: int | None = None
) -> int:
    """An integer field within [minimum, maximum]; booleans and floats are refused."""
    value = required(data, key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TranslationError(f"expected a whole number, got {_describe(value)}", field=key)
    if value < minimum:
        raise TranslationError(f"must be at least {minimum}, got {value}", field=key)
    if maximum is not None and value > maximum:
        raise TranslationError(f"must be at most {maximum}, got {value}", field=key)
    return value


def boolean(data: Mapping[str, Any], key: str) -> bool:
    """A true boolean field: 0/1 and "true" are refused so nothing is guessed."""
    value = required(data, key)
    if not isinstance(value, bool):
        raise TranslationError(f"expected true or false, got {_describe(value)}", field=key)
    return value


def optional(data: Mapping[str, Any], key: str) -> Any:
    """The value under `key`, or None when the key is absent."""
    if not isinstance(data, Mapping):
        raise TranslationError(f"expected a mapping of fields, got {_describe(data)}")
    return data.get(key)


def sequence(data: Mapping[str, Any], key: str) -> list[Any]:
    """A list field (a list or tuple; a string is not a list of lines)."""
    value = required(data, key)
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise TranslationError(f"expected a list, got {_describe(value)}", field=key)
    return list(value)


def converted(data: Mapping[str, Any], key: str, convert: Callable[[Any], T]) -> T:
    """`convert` applied to the value under `key`, its errors reported under that field."""
    value = required(data, key)
    with at(key):
        return convert(value)


def nullable(convert: Callable[[Any], T]) -> Callable[[Any], T | None]:
    """`convert` that passes None through, for nullable columns."""
    return lambda value: None if value is None else convert(value)


def clean_id(kind: Kind, row: Mapping[str, Any], key: str = "id", *, ids: IdMap | None) -> str:
    """The clean UUID (as text) of the legacy id under `key`."""
    return converted(row, key, lambda legacy_id: str(uuid_for(kind, legacy_id, ids=ids)))


def legacy_key(row: Mapping[str, Any], key: str = "id") -> int:
    """A legacy id column: a positive integer."""
    return converted(row, key, check_legacy_id)


def own_legacy_id(kind: Kind, clean: Mapping[str, Any], *, ids: IdMap | None) -> int | None:
    """The legacy id of a clean entity (`id`, optional `legacy_id`); None if it has none yet."""
    id = converted(clean, "id", parse_uuid)
    with at("legacy_id"):
        return legacy_id_for(kind, id, legacy_id=optional(clean, "legacy_id"), ids=ids)


def referenced_legacy_id(
    kind: Kind, clean: Mapping[str, Any], prefix: str, *, ids: IdMap | None
) -> int:
    """The legacy id of the row referenced by `<prefix>_id` / `<prefix>_legacy_id`; must exist."""
    id = converted(clean, f"{prefix}_id", parse_uuid)
    carried = optional(clean, f"{prefix}_legacy_id")
    with at(f"{prefix}_legacy_id" if carried is not None else f"{prefix}_id"):
        return require_legacy_id(kind, id, legacy_id=carried, ids=ids)
