"""`PairedIds`: the `acl.ids.IdMap` of reverse sync, kept in the monolith's database."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from acl.errors import IdError
from acl.ids import Kind, check_legacy_id, legacy_uuid, parse_uuid

from .models import LegacyIdPair

# The kinds whose owning service is told its legacy id (PUT .../legacy-id/).
LINKED_KINDS = frozenset({Kind.CUSTOMER, Kind.CATEGORY, Kind.PRODUCT, Kind.ORDER})


class PairedIds:
    """Pairs of (UUID minted on the new side, legacy id reverse sync gave it).

    Legacy-born rows are never stored: their UUID is the uuid5 of the legacy id.
    """

    def find_uuid(self, kind: Kind, legacy_id: int) -> uuid.UUID | None:
        found = LegacyIdPair.objects.filter(kind=Kind(kind), legacy_id=legacy_id)
        return next(iter(found.values_list("uuid", flat=True)), None)

    def find_legacy_id(self, kind: Kind, id: uuid.UUID) -> int | None:
        found = LegacyIdPair.objects.filter(kind=Kind(kind), uuid=id)
        return next(iter(found.values_list("legacy_id", flat=True)), None)

    def record(self, kind: Kind, *, id: uuid.UUID, legacy_id: int) -> None:
        """Remember the pair; repeating it is a no-op, a conflicting pair an IdError."""
        kind, id, legacy_id = Kind(kind), parse_uuid(id), check_legacy_id(legacy_id)
        if id == legacy_uuid(kind, legacy_id):
            return
        known = self.find_legacy_id(kind, id)
        if known == legacy_id:
            return
        owner = self.find_uuid(kind, legacy_id)
        if known is not None or owner is not None:
            raise IdError(
                f"{kind} {id} cannot take legacy id {legacy_id}: already paired with "
                f"{owner or known}"
            )
        try:
            with transaction.atomic():
                LegacyIdPair.objects.create(
                    kind=kind,
                    uuid=id,
                    legacy_id=legacy_id,
                    linked_dt=None if kind in LINKED_KINDS else timezone.now(),
                )
        except IntegrityError:
            raise IdError(f"{kind} {id} or legacy id {legacy_id} was paired at once") from None
