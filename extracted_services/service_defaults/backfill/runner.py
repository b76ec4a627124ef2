"""Running a backfill: steps in order, batch by batch, each batch and its checkpoint in one transaction.

Safe to stop at any moment and to run again: a batch either committed with its checkpoint or
left nothing behind, so a new run resumes after the last committed batch, and re-applying a row
that is already here changes nothing (it is compared first and skipped).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connections, models, reset_queries, router, transaction
from django.utils import timezone
from tqdm import tqdm

from acl.errors import TranslationError

from . import legacy
from .checksums import checksum
from .models import FAILURE_SAMPLE_SIZE, BackfillCheckpoint
from .steps import Copy, Form, LegacyItem, Outcome, Step, Unexpressible

Write = Callable[[str], None]


class ConcurrentBackfill(Exception):
    """Another run of the same step moved the checkpoint: only one run at a time."""


@dataclass
class StepRun:
    """What one step did in this run (the checkpoint holds the totals since it started)."""

    step: Step
    checkpoint: BackfillCheckpoint
    rows: int = 0
    seconds: float = 0.0
    skipped_as_complete: bool = False


def backfill_run(
    *,
    steps: Sequence[Step],
    batch_size: int,
    restart: bool = False,
    pause: float = 0.0,
    progress: bool = True,
    write: Write,
) -> list[StepRun]:
    """Copy every step's legacy rows into this service, resuming each from its checkpoint."""
    zone = legacy.legacy_zone()
    runs = []
    for step in steps:
        checkpoint = _checkpoint(step, restart=restart)
        run = StepRun(step=step, checkpoint=checkpoint)
        runs.append(run)
        if checkpoint.finished_at is not None:
            run.skipped_as_complete = True
            write(
                f"{step.name}: already complete ({checkpoint.processed:,} rows, finished "
                f"{checkpoint.finished_at:%Y-%m-%d %H:%M:%S}Z); pass --restart for a new full pass"
            )
            continue
        if checkpoint.last_legacy_id:
            write(
                f"{step.name}: resuming after legacy id {checkpoint.last_legacy_id} "
                f"({checkpoint.processed:,} rows done)"
            )
        _run_step(run, batch_size=batch_size, pause=pause, progress=progress, zone=zone)
        write(step_summary(run))
    return runs


def _checkpoint(step: Step, *, restart: bool) -> BackfillCheckpoint:
    with transaction.atomic():
        checkpoint, created = BackfillCheckpoint.objects.select_for_update().get_or_create(
            step=step.name, defaults={"started_at": timezone.now()}
        )
        if restart and not created:
            checkpoint.last_legacy_id = 0
            checkpoint.copied = checkpoint.unchanged = checkpoint.newer_here = 0
            checkpoint.failed = 0
            checkpoint.failures = []
            checkpoint.started_at = timezone.now()
            checkpoint.finished_at = None
            checkpoint.save()
    return checkpoint


def _run_step(run: StepRun, *, batch_size: int, pause: float, progress: bool, zone: str) -> None:
    step, checkpoint = run.step, run.checkpoint
    started = time.monotonic()
    remaining = step.legacy_count(after=checkpoint.last_legacy_id)
    with tqdm(
        total=remaining,
        desc=step.name,
        unit="row",
        disable=not progress,
        mininterval=0.5,
        dynamic_ncols=True,
    ) as bar:
        while True:
            items = step.legacy_batch(after=checkpoint.last_legacy_id, limit=batch_size)
            if not items:
                break
            copies, outcome = _translated(step, items, zone=zone)
            with transaction.atomic():
                _claim(checkpoint)
                outcome.merge(_applied(step, items, copies, after=checkpoint.last_legacy_id))
                _advance(checkpoint, last_legacy_id=items[-1].legacy_id, outcome=outcome)
            run.rows += len(items)
            bar.update(len(items))
            reset_queries()  # with DEBUG on, Django would keep every statement of the run
            if pause:
                time.sleep(pause)
    checkpoint.finished_at = timezone.now()
    checkpoint.save(update_fields=["finished_at", "updated_at"])
    _analyze(step.written_models())
    run.seconds = time.monotonic() - started


def _analyze(written: Sequence[type[models.Model]]) -> None:
    """Refresh PostgreSQL's statistics of the tables just filled.

    Autovacuum gets there eventually; until it does, the planner still sees the tables as they
    were before the backfill (empty) and picks sequential scans for reconcile's range reads.
    """
    for model in written:
        database = router.db_for_write(model)
        connection = connections[database]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _translated(step: Step, items: list[LegacyItem], *, zone: str) -> tuple[list[Copy], Outcome]:
    outcome = Outcome()
    ids = step.id_map(items)
    copies = []
    for item in items:
        try:
            copies.append(Copy(item.legacy_id, step.translate(item, ids=ids, zone=zone)))
        except TranslationError as error:
            outcome.fail(item.legacy_id, str(error))
    return copies, outcome


def _applied(step: Step, items: list[LegacyItem], copies: list[Copy], *, after: int) -> Outcome:
    """Apply the copies that differ from what is here; identical ones are counted, not written."""
    outcome = Outcome()
    legacy_forms = {item.legacy_id: item.form for item in items}
    here = step.service_forms_between(after=after, upto=items[-1].legacy_id)
    changed = []
    for copy in copies:
        if _identical(here.get(copy.legacy_id), legacy_forms[copy.legacy_id]):
            outcome.unchanged += 1
        else:
            changed.append(copy)
    if changed:
        outcome.merge(step.apply(changed))
    return outcome


def _identical(here: Form | Unexpressible | None, legacy_form: Form) -> bool:
    if here is None or isinstance(here, Unexpressible):
        return False
    return checksum(here) == checksum(legacy_form)


def _claim(checkpoint: BackfillCheckpoint) -> None:
    """Lock the checkpoint for this batch; refuse if another run has moved it meanwhile."""
    current = BackfillCheckpoint.objects.select_for_update().get(pk=checkpoint.pk)
    if (current.last_legacy_id, current.started_at) != (
        checkpoint.last_legacy_id,
        checkpoint.started_at,
    ):
        raise ConcurrentBackfill(
            f"another backfill of {checkpoint.step} moved its checkpoint to legacy id "
            f"{current.last_legacy_id}; run one backfill per feature at a time"
        )


def _advance(checkpoint: BackfillCheckpoint, *, last_legacy_id: int, outcome: Outcome) -> None:
    checkpoint.last_legacy_id = last_legacy_id
    checkpoint.copied += outcome.copied
    checkpoint.unchanged += outcome.unchanged
    checkpoint.newer_here += outcome.newer_here
    checkpoint.failed += len(outcome.failures)
    room = FAILURE_SAMPLE_SIZE - len(checkpoint.failures)
    if room > 0 and outcome.failures:
        checkpoint.failures = [
            *checkpoint.failures,
            *(
                {"legacy_id": legacy_id, "reason": reason}
                for legacy_id, reason in outcome.failures[:room]
            ),
        ]
    checkpoint.save()


def step_summary(run: StepRun) -> str:
    checkpoint = run.checkpoint
    rate = f" ({run.rows / run.seconds:,.0f} rows/s)" if run.seconds > 0 and run.rows else ""
    return (
        f"{run.step.name}: {run.rows:,} legacy rows read in {run.seconds:.1f} s{rate}; since the "
        f"start of this pass {checkpoint.copied:,} copied, {checkpoint.unchanged:,} unchanged, "
        f"{checkpoint.newer_here:,} newer here, {checkpoint.failed:,} failed"
    )
