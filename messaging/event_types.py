"""Registry of event types: each owner registers a versioned type with its JSON Schema.

A payload is validated against its schema when the event is recorded, so a bad event never
reaches the outbox, let alone a consumer.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

TYPE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){2,}\.v[1-9][0-9]*$")


class EventTypeError(Exception):
    """An event type is unknown, badly named or registered twice."""


class SchemaViolation(ValueError):
    """A payload does not match its event type's schema; `errors` lists every problem."""

    def __init__(self, event_type: str, errors: list[str]):
        self.event_type = event_type
        self.errors = errors
        super().__init__(f"{event_type} payload is invalid: " + "; ".join(errors))


@dataclass(frozen=True)
class EventType:
    """A versioned event type such as `products.product.price_changed.v1`.

    `aggregate` is the kind of thing the event is about (by default the name without its last
    two parts, `products.product`); the event's subject is that aggregate's id.
    """

    name: str
    schema: Mapping[str, Any]
    owner: str
    description: str = ""
    aggregate: str = ""
    validator: Draft202012Validator = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    @property
    def version(self) -> int:
        return int(self.name.rsplit(".v", 1)[1])

    def validate(self, data: Any) -> None:
        """Raise SchemaViolation naming each offending field, or return if `data` is valid."""
        errors = sorted(self.validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            raise SchemaViolation(self.name, [_describe(error) for error in errors])


def _describe(error) -> str:
    where = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "required" or not where:
        return error.message if not where else f"field '{where}': {error.message}"
    return f"field '{where}': {error.message}"


_registry: dict[str, EventType] = {}


def register_event_type(
    name: str,
    *,
    schema: Mapping[str, Any],
    owner: str,
    description: str = "",
    aggregate: str | None = None,
) -> EventType:
    """Register `name` with the JSON Schema (draft 2020-12) its payloads must match.

    Registering the same name again with the same schema is a no-op (modules may be imported
    twice); a different schema under the same name is refused: publish a new version instead.
    """
    if not TYPE_PATTERN.match(name):
        raise EventTypeError(
            f"event type {name!r} must look like 'context.aggregate.happened.v1' "
            "(lower-case dotted words ending in a version)"
        )
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise EventTypeError(f"schema of {name} is not a valid JSON Schema: {exc.message}") from exc
    existing = _registry.get(name)
    if existing is not None:
        if existing.schema != schema:
            raise EventTypeError(
                f"event type {name} is already registered with another schema; "
                "a changed payload needs a new version suffix"
            )
        return existing
    event_type = EventType(
        name=name,
        schema=schema,
        owner=owner,
        description=description,
        aggregate=aggregate or name.rsplit(".", 2)[0],
        validator=Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER),
    )
    _registry[name] = event_type
    return event_type


def get_event_type(name: str) -> EventType:
    try:
        return _registry[name]
    except KeyError:
        raise EventTypeError(
            f"event type {name!r} is not registered; register it with its schema in the "
            "owning app's events.py"
        ) from None


def all_event_types() -> list[EventType]:
    return sorted(_registry.values(), key=lambda t: t.name)
