"""`manage.py resume_sagas`: run every placement or cancellation saga that is due, once or in a loop."""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand, CommandError

from extracted_services.orders.ordering.saga import sagas_resume_due
from extracted_services.orders.ordering.saga.report import (
    sagas_outcome_summary,
    sagas_unfinished,
)
from extracted_services.orders.stock.wiring import stock_reservations


class Command(BaseCommand):
    help = (
        "Resume sagas left waiting (products service unreachable) or stranded by a crash "
        "(their lease ran out). Safe to run anywhere, any number of times: every step is "
        "idempotent and each saga is claimed by one runner at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=100, help="At most this many sagas per pass (default 100)."
        )
        parser.add_argument(
            "--loop",
            type=float,
            metavar="SECONDS",
            default=None,
            help="Keep going, one pass every SECONDS, until stopped (SIGTERM/SIGINT).",
        )
        parser.add_argument(
            "--list", action="store_true", help="Only list unfinished sagas; change nothing."
        )

    def handle(self, *args, **options):
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1")
        if options["loop"] is not None and options["loop"] <= 0:
            raise CommandError("--loop needs a positive number of seconds between passes")
        if options["list"]:
            self._list()
            return
        if options["loop"] is None:
            self._pass(options["limit"])
            return
        self._stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while not self._stopping:
            self._pass(options["limit"], quiet_when_idle=True)
            time.sleep(options["loop"])

    def _pass(self, limit: int, *, quiet_when_idle: bool = False) -> None:
        resumed = sagas_resume_due(stock=stock_reservations(), limit=limit)
        if resumed or not quiet_when_idle:
            self.stdout.write(f"resumed {len(resumed)} saga(s): {sagas_outcome_summary(resumed)}")

    def _list(self) -> None:
        sagas = list(sagas_unfinished().select_related("order"))
        if not sagas:
            self.stdout.write("no unfinished sagas")
            return
        for saga in sagas:
            self.stdout.write(
                f"{saga.order_id}  {saga.kind:<12} {saga.step:<20} {saga.state:<12} "
                f"attempts={saga.attempts} next={saga.next_attempt_at:%Y-%m-%dT%H:%M:%SZ} "
                f"{saga.last_error}"
            )

    def _stop(self, signum, frame) -> None:
        self._stopping = True
