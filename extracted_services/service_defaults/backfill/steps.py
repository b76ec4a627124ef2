"""A backfill step: one legacy table (or table pair) copied into one kind of row of a service.

A service describes each step once, as a `Step` subclass, and gets both commands from it:

* the **legacy side**: which table, which columns, how a row (with its child rows) reads as a
  *legacy form*, the dict that is checksummed and compared;
* **translating and applying**: the ACL translator for one row, and `apply` for a batch of clean
  copies, through the service's own apply-from-legacy functions (or a bulk path with the same
  semantics: idempotent, never older over newer, no events);
* the **service side**: its rows that carry a legacy id, each translated back to the legacy form
  by the ACL, and the rows that carry none (born here, not in the legacy shop yet).
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models

from acl.errors import TranslationError
from acl.ids import IdMap, Kind

from . import legacy

Form = dict[str, Any]


@dataclass(frozen=True)
class LegacyItem:
    """One legacy row (with its child rows): its id, its legacy form, and what `translate` reads."""

    legacy_id: int
    form: Form
    rows: Any


@dataclass(frozen=True)
class Copy:
    """A legacy row translated to the clean vocabulary, ready to apply."""

    legacy_id: int
    clean: Mapping[str, Any]


@dataclass(frozen=True)
class Unexpressible:
    """A service row the ACL cannot write as a legacy row; `reason` says why."""

    reason: str


@dataclass
class Outcome:
    """What one batch did: rows written, already identical, newer here, or refused."""

    copied: int = 0
    unchanged: int = 0
    newer_here: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)

    def fail(self, legacy_id: int, reason: str) -> None:
        self.failures.append((legacy_id, reason))

    def merge(self, other: Outcome) -> None:
        self.copied += other.copied
        self.unchanged += other.unchanged
        self.newer_here += other.newer_here
        self.failures.extend(other.failures)


class Step(ABC):
    """How one kind of legacy row is read, copied into this service and compared with it."""

    name: ClassVar[str]  # checkpoint key and progress label, e.g. "orders"
    noun: ClassVar[str]  # one row, e.g. "order"
    table: ClassVar[str]  # what is counted, e.g. "tbl_order" or "auth_user u"
    source: ClassVar[str] = ""  # what is selected from (a join); default `table`
    id_column: ClassVar[str] = "id"
    columns: ClassVar[str]  # the SELECT list, column names as the ACL reads them
    where: ClassVar[str] = ""  # which legacy rows belong to this step, with %s parameters
    where_params: ClassVar[tuple[Any, ...]] = ()

    # -- the legacy side ---------------------------------------------------------------------

    def legacy_count(self, *, after: int = 0) -> int:
        where, params = self._where(after)
        return legacy.fetch_count(self.table, where=where, params=params)

    def legacy_batch(self, *, after: int, limit: int) -> list[LegacyItem]:
        """The next `limit` legacy rows with an id above `after`, in id order (keyset, no OFFSET)."""
        where, params = self._where(after)
        rows = legacy.fetch(
            f"SELECT {self.columns} FROM {self.source or self.table} WHERE {where} "
            f"ORDER BY {self.id_column} LIMIT %s",
            [*params, limit],
        )
        return self.legacy_items(rows)

    def legacy_items(self, rows: list[dict[str, Any]]) -> list[LegacyItem]:
        """Legacy items for a batch of rows; a step with child rows fetches them here."""
        return [
            LegacyItem(legacy_id=row["id"], form=self.legacy_form(row), rows=row) for row in rows
        ]

    def legacy_form(self, row: dict[str, Any]) -> Form:
        return row

    def _where(self, after: int) -> tuple[str, list[Any]]:
        clauses = [f"{self.id_column} > %s"]
        if self.where:
            clauses.append(f"({self.where})")
        return " AND ".join(clauses), [after, *self.where_params]

    # -- translating and applying ------------------------------------------------------------

    @abstractmethod
    def translate(self, item: LegacyItem, *, ids: IdMap | None, zone: str) -> Mapping[str, Any]:
        """The clean copy of one legacy item (the ACL); raises TranslationError."""

    def id_map(self, items: Sequence[LegacyItem]) -> IdMap | None:
        """The ids of rows born on the new side that this batch refers to, read in one go."""
        return None

    @abstractmethod
    def apply(self, copies: list[Copy]) -> Outcome:
        """Write the copies here, in the caller's transaction; never older over newer, no events."""

    def written_models(self) -> Sequence[type[models.Model]]:
        """The models `apply` fills: their statistics are refreshed when the step finishes."""
        return ()

    # -- the service side --------------------------------------------------------------------

    @abstractmethod
    def service_rows(self) -> models.QuerySet[Any, Any]:
        """`values()` of this service's rows that carry a legacy id (the `legacy_id` field)."""

    def service_form(self, row: dict[str, Any]) -> Form:
        """The legacy form of one service row (the ACL); raises TranslationError.

        A step whose rows need child rows overrides `service_forms` instead.
        """
        raise NotImplementedError(f"{type(self).__name__} must define service_form")

    def service_forms(self, rows: list[dict[str, Any]]) -> dict[int, Form | Unexpressible]:
        """Legacy forms by legacy id; a step with child rows fetches them here."""
        return {row["legacy_id"]: self.expressed(self.service_form, row) for row in rows}

    def kept_after_legacy_delete(self, form: Form) -> bool:
        """Whether a row here whose legacy row is gone is kept on purpose (not a difference)."""
        return False

    @abstractmethod
    def service_unmapped(self) -> models.QuerySet[Any, Any]:
        """`values_list("id", flat=True)` of this service's rows the legacy shop has no id for."""

    def service_count(self) -> int:
        return self.service_rows().count() + self.service_unmapped().count()

    def service_forms_between(
        self, *, after: int, upto: int | None, limit: int | None = None
    ) -> dict[int, Form | Unexpressible]:
        """Legacy forms of service rows with legacy ids in (after, upto], in legacy id order."""
        rows = self.service_rows().filter(legacy_id__gt=after).order_by("legacy_id")
        if upto is not None:
            rows = rows.filter(legacy_id__lte=upto)
        if limit is not None:
            rows = rows[:limit]
        return self.service_forms(list(rows))

    @staticmethod
    def expressed(translate: Callable[[Any], Form], row: Any) -> Form | Unexpressible:
        try:
            return translate(row)
        except TranslationError as error:
            return Unexpressible(str(error))


class PrefetchedIds:
    """An `acl.ids.IdMap` over pairs read once per batch; rows born legacy are computed (uuid5)."""

    def __init__(self, pairs: Mapping[Kind, Mapping[int, uuid.UUID]]):
        self._by_legacy = {kind: dict(found) for kind, found in pairs.items()}
        self._by_uuid = {
            kind: {pk: legacy_id for legacy_id, pk in found.items()}
            for kind, found in pairs.items()
        }

    @classmethod
    def read(cls, wanted: Mapping[Kind, tuple[type[models.Model], Iterable[int]]]) -> PrefetchedIds:
        """For each kind, the (legacy id, UUID) pairs `model` holds for the given legacy ids."""
        pairs = {}
        for kind, (model, legacy_ids) in wanted.items():
            pairs[kind] = _pairs(model, set(legacy_ids))
        return cls(pairs)

    def find_uuid(self, kind: Kind, legacy_id: int) -> uuid.UUID | None:
        return self._by_legacy.get(Kind(kind), {}).get(legacy_id)

    def find_legacy_id(self, kind: Kind, id: uuid.UUID) -> int | None:
        return self._by_uuid.get(Kind(kind), {}).get(id)

    def record(self, kind: Kind, *, id: uuid.UUID, legacy_id: int) -> None:
        raise NotImplementedError("backfill never gives legacy ids; reverse sync does")


def _pairs(model: type[models.Model], legacy_ids: set[int]) -> dict[int, uuid.UUID]:
    if not legacy_ids:
        return {}
    low, high = min(legacy_ids), max(legacy_ids)
    rows = model._default_manager.all()
    # A batch's own ids are (nearly) contiguous: an indexed range beats a long IN list.
    if high - low < 4 * len(legacy_ids):
        rows = rows.filter(legacy_id__gte=low, legacy_id__lte=high)
    else:
        rows = rows.filter(legacy_id__in=legacy_ids)
    return {
        legacy_id: pk
        for legacy_id, pk in rows.values_list("legacy_id", "pk")
        if legacy_id in legacy_ids
    }


def apply_each(
    copies: list[Copy],
    apply_one: Callable[[Mapping[str, Any]], bool],
    *,
    refusals: tuple[type[Exception], ...],
) -> Outcome:
    """Apply copies one by one with a service's own function, which says whether it wrote.

    The runner has already set aside copies identical to what is here, so a copy the function
    leaves alone is one older than the row here.
    """
    outcome = Outcome()
    for copy in copies:
        try:
            changed = apply_one(copy.clean)
        except refusals as error:
            outcome.fail(copy.legacy_id, describe(error))
            continue
        if changed:
            outcome.copied += 1
        else:
            outcome.newer_here += 1
    return outcome


def describe(error: Exception) -> str:
    """One line naming the fields a refusal names, from `errors` if it has them."""
    errors = getattr(error, "errors", None)
    if isinstance(errors, Mapping):
        return "; ".join(
            f"{name}: {' '.join(map(str, reasons))}" for name, reasons in errors.items()
        )
    return str(error)
