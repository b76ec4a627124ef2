"""The `backfill_from_legacy` and `reconcile_with_legacy` management commands, shared by services.

A service's command module names its steps and nothing else:

    class Command(BackfillCommand):
        feature = "orders"
        steps = (CustomerSnapshotsStep, ProductSnapshotsStep, OrdersStep)
"""

from __future__ import annotations

import json
import resource
from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from ..argtypes import count, positive_int, seconds
from .legacy import LegacyDatabaseUnavailable
from .models import BackfillCheckpoint
from .reconcile import format_report, reconcile_step
from .runner import ConcurrentBackfill, backfill_run
from .steps import Step

DEFAULT_BATCH_SIZE = 1000
INTERRUPTED = 130  # what a shell reports for Ctrl-C


class FeatureCommand(BaseCommand):
    feature: ClassVar[str]
    steps: ClassVar[Sequence[type[Step]]]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=DEFAULT_BATCH_SIZE,
            help=f"legacy rows per batch (default: {DEFAULT_BATCH_SIZE})",
        )

    def step_objects(self) -> list[Step]:
        return [step() for step in self.steps]


class BackfillCommand(FeatureCommand):
    help = (
        "Copy this feature's rows from the legacy shop's database (LEGACY_DATABASE_URL, read "
        "only) into this service, in batches, resuming from the checkpoint of an earlier run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--restart",
            action="store_true",
            help="forget the checkpoints and make a new full pass (rows already here are skipped)",
        )
        parser.add_argument(
            "--pause",
            type=seconds,
            default=0.0,
            help="seconds to wait between batches, to go easy on a busy legacy database",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        steps = self.step_objects()
        self.stdout.write(
            f"Backfilling {self.feature}: {', '.join(step.name for step in steps)}, "
            f"{options['batch_size']:,} rows a batch"
        )
        try:
            runs = backfill_run(
                steps=steps,
                batch_size=options["batch_size"],
                restart=options["restart"],
                pause=options["pause"],
                progress=not options["no_progress"],
                write=self.stdout.write,
            )
        except KeyboardInterrupt:
            raise CommandError(
                f"interrupted; {self._positions()}. Run the same command again to resume.",
                returncode=INTERRUPTED,
            ) from None
        except (LegacyDatabaseUnavailable, ConcurrentBackfill) as error:
            raise CommandError(str(error)) from None
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"Peak memory: {peak_mb:,.0f} MB")
        failed = [run.checkpoint for run in runs if run.checkpoint.failed]
        if failed:
            for checkpoint in failed:
                self.stderr.write(
                    f"{checkpoint.step}: {checkpoint.failed:,} rows could not be copied, e.g.:"
                )
                for failure in checkpoint.failures[:10]:
                    self.stderr.write(f"  legacy id {failure['legacy_id']}: {failure['reason']}")
            raise CommandError(
                "some rows could not be copied (above). Fix them in the legacy shop: forward "
                "sync copies a row when it changes, or run this again with --restart."
            )
        self.stdout.write(self.style.SUCCESS(f"Backfill of {self.feature} complete."))

    def _positions(self) -> str:
        try:
            checkpoints = BackfillCheckpoint.objects.filter(
                step__in=[step.name for step in self.steps]
            )
            positions = [
                f"{checkpoint.step} done up to legacy id {checkpoint.last_legacy_id}"
                for checkpoint in checkpoints
                if checkpoint.finished_at is None
            ]
        except DatabaseError:
            return "the checkpoints hold the last batch written"
        return "; ".join(positions) or "every step had finished"


class ReconcileCommand(FeatureCommand):
    help = (
        "Compare this service with the legacy shop's database (LEGACY_DATABASE_URL, read only): "
        "counts and a checksum of every row in the legacy vocabulary. Prints each difference "
        "with its ids and exits 1 when there is any, 0 when both sides agree."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--show",
            type=count,
            default=20,
            help="ids to print per kind of difference, and rows whose fields are shown "
            "(default: 20; 0 shows every one)",
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        reports = []
        try:
            for step in self.step_objects():
                report = reconcile_step(
                    step, batch_size=options["batch_size"], show=options["show"]
                )
                reports.append(report)
                if not options["json"]:
                    for line in format_report(report):
                        self.stdout.write(line)
        except LegacyDatabaseUnavailable as error:
            raise CommandError(str(error)) from None
        differences = sum(report.differences for report in reports)
        if options["json"]:
            body = {
                "feature": self.feature,
                "differences": differences,
                "steps": [report.as_dict() for report in reports],
            }
            self.stdout.write(json.dumps(body, indent=2, default=str))
        if differences:
            raise CommandError(f"{self.feature}: {differences:,} differences with the legacy shop")
        if not options["json"]:
            self.stdout.write(self.style.SUCCESS(f"{self.feature}: identical to the legacy shop."))
