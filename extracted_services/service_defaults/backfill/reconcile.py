"""Reconciling a service with the legacy shop: counts, then per-row checksums in the legacy vocabulary.

Both sides are read in batches by legacy id range (keyset on the legacy table, the same range on
the service's `legacy_id`), so memory stays flat however large the tables are. Every difference
is counted; ids are kept for the first `show` of each kind (all of them with show=0), and the
differing fields for the first `show` rows that differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .checksums import checksum, differing_fields
from .steps import Form, Step, Unexpressible

UNMAPPED_CHUNK = 2000


@dataclass
class Sample:
    """How many of one kind of difference, and the first ids (all when `limit` is 0)."""

    limit: int
    count: int = 0
    ids: list[Any] = field(default_factory=list)

    def add(self, id: Any) -> bool:
        """Count one; True if it is within the sample."""
        self.count += 1
        if not self.limit or len(self.ids) < self.limit:
            self.ids.append(id)
            return True
        return False


@dataclass
class StepReport:
    step: Step
    show: int
    legacy_rows: int = 0
    service_rows: int = 0
    matched: int = 0
    kept: int = 0  # rows kept here on purpose after their legacy row was deleted
    missing_in_service: Sample = field(init=False)
    missing_in_legacy: Sample = field(init=False)
    unmapped_here: Sample = field(init=False)  # service rows without a legacy id
    differing: Sample = field(init=False)
    details: dict[int, list[tuple[str, Any, Any]] | str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.missing_in_service = Sample(self.show)
        self.missing_in_legacy = Sample(self.show)
        self.unmapped_here = Sample(self.show)
        self.differing = Sample(self.show)

    @property
    def differences(self) -> int:
        return (
            self.missing_in_service.count
            + self.missing_in_legacy.count
            + self.unmapped_here.count
            + self.differing.count
        )

    def compare(
        self, legacy: Mapping[int, Form], service: Mapping[int, Form | Unexpressible]
    ) -> None:
        """Compare one id range; rows on one side only are missing on the other."""
        for legacy_id in sorted(set(legacy) | set(service)):
            here = service.get(legacy_id)
            there = legacy.get(legacy_id)
            if there is not None:
                self.legacy_rows += 1
            if here is not None:
                self.service_rows += 1
            if here is None:
                self.missing_in_service.add(legacy_id)
            elif there is None:
                if isinstance(here, Unexpressible) or not self.step.kept_after_legacy_delete(here):
                    self.missing_in_legacy.add(legacy_id)
                else:
                    self.kept += 1
            elif isinstance(here, Unexpressible):
                if self.differing.add(legacy_id):
                    self.details[legacy_id] = f"cannot be written as a legacy row: {here.reason}"
            elif checksum(here) != checksum(there):
                if self.differing.add(legacy_id):
                    self.details[legacy_id] = differing_fields(there, here)
            else:
                self.matched += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step.name,
            "legacy_rows": self.legacy_rows,
            "service_rows": self.service_rows,
            "matched": self.matched,
            "kept_after_legacy_delete": self.kept,
            "differences": self.differences,
            "missing_in_service": {
                "count": self.missing_in_service.count,
                "legacy_ids": self.missing_in_service.ids,
            },
            "missing_in_legacy": {
                "count": self.missing_in_legacy.count + self.unmapped_here.count,
                "legacy_ids": self.missing_in_legacy.ids,
                "service_ids_without_legacy_id": [str(id) for id in self.unmapped_here.ids],
            },
            "differing": {
                "count": self.differing.count,
                "legacy_ids": self.differing.ids,
                "fields": {
                    str(legacy_id): (
                        detail
                        if isinstance(detail, str)
                        else [
                            {"field": path, "legacy": old, "service": new}
                            for path, old, new in detail
                        ]
                    )
                    for legacy_id, detail in self.details.items()
                },
            },
        }


def reconcile_step(step: Step, *, batch_size: int, show: int) -> StepReport:
    """Compare every legacy row of the step with this service's copy, range by range."""
    report = StepReport(step=step, show=show)
    after = 0
    while True:
        items = step.legacy_batch(after=after, limit=batch_size)
        legacy = {item.legacy_id: item.form for item in items}
        if len(items) == batch_size:
            upto = items[-1].legacy_id
            report.compare(legacy, step.service_forms_between(after=after, upto=upto))
            after = upto
            continue
        _compare_tail(report, step, legacy, after=after, batch_size=batch_size)
        break
    for service_id in step.service_unmapped().iterator(chunk_size=UNMAPPED_CHUNK):
        report.service_rows += 1
        report.unmapped_here.add(service_id)
    return report


def _compare_tail(
    report: StepReport, step: Step, legacy: dict[int, Form], *, after: int, batch_size: int
) -> None:
    """The last legacy rows against every service row beyond them, the latter in batches."""
    while True:
        service = step.service_forms_between(after=after, upto=None, limit=batch_size)
        if not service:
            break
        upto = max(service)
        report.compare({i: legacy.pop(i) for i in [*legacy] if i <= upto}, service)
        after = upto
    report.compare(legacy, {})


def format_report(report: StepReport) -> list[str]:
    """The report as an operator reads it: counts, then each kind of difference with its ids."""
    step = report.step
    lines = [
        f"{step.name}: {report.legacy_rows:,} in the legacy shop, {report.service_rows:,} here, "
        f"{report.matched:,} identical"
    ]
    if report.kept:
        lines.append(
            f"  kept here after deletion in the legacy shop (not a difference): {report.kept:,}"
        )
    if report.missing_in_service.count:
        lines.append(
            f"  missing here: {report.missing_in_service.count:,} "
            f"(legacy ids {_ids(report.missing_in_service)})"
        )
    if report.missing_in_legacy.count:
        lines.append(
            f"  missing in the legacy shop: {report.missing_in_legacy.count:,} "
            f"(legacy ids {_ids(report.missing_in_legacy)})"
        )
    if report.unmapped_here.count:
        lines.append(
            f"  not in the legacy shop yet (no legacy id): {report.unmapped_here.count:,} "
            f"(ids here {_ids(report.unmapped_here, ranges=False)})"
        )
    if report.differing.count:
        lines.append(
            f"  differing: {report.differing.count:,} (legacy ids {_ids(report.differing)})"
        )
        for legacy_id, detail in report.details.items():
            if isinstance(detail, str):
                lines.append(f"    {step.noun} {legacy_id}: {detail}")
                continue
            for path, old, new in detail:
                lines.append(
                    f"    {step.noun} {legacy_id}: {path}: legacy {_shown(old)}, here {_shown(new)}"
                )
    return lines


def _ids(sample: Sample, *, ranges: bool = True) -> str:
    shown = id_ranges(sample.ids) if ranges else ", ".join(str(id) for id in sample.ids)
    more = sample.count - len(sample.ids)
    return f"{shown} and {more:,} more" if more else shown


def id_ranges(ids: Iterable[int]) -> str:
    """`1, 3-5, 9` for 1, 3, 4, 5, 9."""
    runs: list[list[int]] = []
    for id in sorted(ids):
        if runs and id == runs[-1][1] + 1:
            runs[-1][1] = id
        else:
            runs.append([id, id])
    return ", ".join(str(first) if first == last else f"{first}-{last}" for first, last in runs)


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return repr(value)
