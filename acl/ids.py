"""Ids: legacy integer ids as UUIDs and back.

A row born in the legacy shop gets a deterministic uuid5 of its kind and legacy id, so both sides
compute the same UUID without a lookup. A row born on the new side has a random UUID and gets a
legacy id only when reverse sync inserts it into the legacy tables; that pair is kept in an
`IdMap`, which is consulted before falling back to uuid5.
"""

import uuid
from enum import StrEnum
from typing import Any, Protocol

from .errors import IdError, UnmappedIdError

# uuid5(NAMESPACE_URL, "urn:strangler-shop:legacy-id"); never change it.
LEGACY_NAMESPACE = uuid.UUID("d57f8caa-456f-57fc-917f-790ca2969307")


class Kind(StrEnum):
    """The entity kinds whose ids are mapped; each has its own uuid5 space."""

    CUSTOMER = "customer"
    CATEGORY = "category"
    PRODUCT = "product"
    ORDER = "order"
    ORDER_LINE = "order_line"


class IdMap(Protocol):
    """Pairs of (UUID minted on the new side, the legacy id it was given)."""

    def find_uuid(self, kind: Kind, legacy_id: int) -> uuid.UUID | None:
        """The UUID minted for this legacy id, or None when the row was born in the legacy shop."""
        ...

    def find_legacy_id(self, kind: Kind, id: uuid.UUID) -> int | None:
        """The legacy id given to this minted UUID, or None when it has none yet."""
        ...

    def record(self, kind: Kind, *, id: uuid.UUID, legacy_id: int) -> None:
        """Remember that the minted `id` was given `legacy_id`; refuses a conflicting pair."""
        ...


class InMemoryIdMap:
    """An `IdMap` in a dict: for tests, the proxy's short-lived lookups and one-off scripts."""

    def __init__(self) -> None:
        self._by_legacy: dict[tuple[Kind, int], uuid.UUID] = {}
        self._by_uuid: dict[tuple[Kind, uuid.UUID], int] = {}

    def find_uuid(self, kind: Kind, legacy_id: int) -> uuid.UUID | None:
        return self._by_legacy.get((Kind(kind), legacy_id))

    def find_legacy_id(self, kind: Kind, id: uuid.UUID) -> int | None:
        return self._by_uuid.get((Kind(kind), id))

    def record(self, kind: Kind, *, id: uuid.UUID, legacy_id: int) -> None:
        kind, legacy_id, id = Kind(kind), check_legacy_id(legacy_id), parse_uuid(id)
        if id == legacy_uuid(kind, legacy_id):
            return  # legacy-born: computed, never stored
        known_uuid = self._by_legacy.get((kind, legacy_id))
        known_legacy = self._by_uuid.get((kind, id))
        if known_uuid not in (None, id) or known_legacy not in (None, legacy_id):
            raise IdError(
                f"{kind} {id} cannot take legacy id {legacy_id}: already paired with "
                f"{known_uuid or known_legacy}"
            )
        self._by_legacy[(kind, legacy_id)] = id
        self._by_uuid[(kind, id)] = legacy_id


def check_legacy_id(legacy_id: Any) -> int:
    """A legacy id: a positive integer."""
    if isinstance(legacy_id, bool) or not isinstance(legacy_id, int) or legacy_id < 1:
        raise IdError(f"a legacy id is a positive integer, got {legacy_id!r}")
    return legacy_id


def parse_uuid(value: Any) -> uuid.UUID:
    """A UUID from a UUID or its string form."""
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise IdError(f"expected a UUID such as '{uuid.UUID(int=0)}', got {value!r}")


def legacy_uuid(kind: Kind, legacy_id: int) -> uuid.UUID:
    """The deterministic UUID of a legacy-born row: uuid5 of "<kind>:<legacy id>"."""
    return uuid.uuid5(LEGACY_NAMESPACE, f"{Kind(kind).value}:{check_legacy_id(legacy_id)}")


def uuid_for(kind: Kind, legacy_id: Any, *, ids: IdMap | None = None) -> uuid.UUID:
    """The UUID of a legacy row: the minted one if the map knows it, else the uuid5."""
    legacy_id = check_legacy_id(legacy_id)
    minted = ids.find_uuid(kind, legacy_id) if ids is not None else None
    return minted if minted is not None else legacy_uuid(kind, legacy_id)


def legacy_id_for(
    kind: Kind, id: Any, *, legacy_id: Any = None, ids: IdMap | None = None
) -> int | None:
    """The legacy id of a clean row given its UUID and the `legacy_id` it carries (maybe None).

    With a map, a carried pair is checked: a legacy id that belongs to another UUID is refused,
    so a row can never be written over a different one. Without a carried legacy id, the map is
    asked; None means the row is new to the legacy shop (insert it, then `record` the pair).
    """
    id = parse_uuid(id)
    if legacy_id is None:
        return ids.find_legacy_id(kind, id) if ids is not None else None
    legacy_id = check_legacy_id(legacy_id)
    if ids is not None and id != legacy_uuid(kind, legacy_id):
        owner = ids.find_uuid(kind, legacy_id)
        if owner != id:
            whose = f"belongs to {owner}" if owner else f"belongs to {legacy_uuid(kind, legacy_id)}"
            raise IdError(f"{kind} {id} claims legacy id {legacy_id}, which {whose}")
    return legacy_id


def require_legacy_id(
    kind: Kind, id: Any, *, legacy_id: Any = None, ids: IdMap | None = None
) -> int:
    """`legacy_id_for` for a reference: the referenced row must exist in the legacy shop."""
    found = legacy_id_for(kind, id, legacy_id=legacy_id, ids=ids)
    if found is None:
        raise UnmappedIdError(
            f"{kind} {parse_uuid(id)} has no legacy id yet; "
            f"sync that {kind} to the legacy shop first"
        )
    return found
