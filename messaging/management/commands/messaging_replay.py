"""`manage.py messaging_replay`: publish stored events again, by type, aggregate and time."""

from datetime import datetime, time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from messaging.publishers import PublishFailed
from messaging.replay import ReplaySelection, replay


def _moment(value: str, option: str) -> datetime:
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"{option} {value!r} is not a date (2025-01-31) or date-time")
        moment = datetime.combine(day, time.min)
    if settings.USE_TZ and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if not settings.USE_TZ and timezone.is_aware(moment):
        moment = timezone.make_naive(moment)
    return moment


class Command(BaseCommand):
    help = (
        "Publish already-published events again (same ids: consumers that applied them skip "
        "them). Filters combine; --all replays everything still in the outbox."
    )

    def add_arguments(self, parser):
        parser.add_argument("--type", action="append", default=[], help="Event type (repeatable).")
        parser.add_argument("--aggregate-type", help="Aggregate kind, e.g. products.product.")
        parser.add_argument(
            "--aggregate-id", action="append", default=[], help="Aggregate id (repeatable)."
        )
        parser.add_argument("--since", help="Recorded at or after this date/date-time.")
        parser.add_argument("--until", help="Recorded before this date/date-time.")
        parser.add_argument("--queue", help="Send only to this queue instead of every consumer.")
        parser.add_argument("--all", action="store_true", help="No filter: replay everything.")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would go.")

    def handle(self, *args, **options):
        selection = ReplaySelection(
            types=tuple(options["type"]),
            aggregate_type=options["aggregate_type"],
            aggregate_ids=tuple(options["aggregate_id"]),
            since=_moment(options["since"], "--since") if options["since"] else None,
            until=_moment(options["until"], "--until") if options["until"] else None,
        )
        if selection == ReplaySelection() and not options["all"]:
            raise CommandError(
                "give at least one of --type, --aggregate-type, --aggregate-id, --since, "
                "--until, or --all to replay everything"
            )
        if selection.since and selection.until and selection.since >= selection.until:
            raise CommandError("--since must be before --until")
        if options["aggregate_id"] and not options["aggregate_type"]:
            raise CommandError("--aggregate-id needs --aggregate-type (ids repeat across kinds)")
        if options["dry_run"]:
            count = selection.queryset().count()
            self.stdout.write(f"{count} events would be replayed")
            return
        try:
            sent = replay(selection, queue=options["queue"])
        except PublishFailed as exc:
            raise CommandError(str(exc)) from exc
        target = f"queue {options['queue']}" if options["queue"] else "every bound consumer"
        self.stdout.write(self.style.SUCCESS(f"replayed {sent} events to {target}"))
