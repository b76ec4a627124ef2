"""`manage.py purge_idempotency_records`: forget Idempotency-Keys past their retention."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser

from extracted_services.service_defaults.idempotency import purge_expired


class Command(BaseCommand):
    help = "Delete stored Idempotency-Key responses older than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=None,
            help="override IDEMPOTENCY_RETENTION_HOURS (default 24)",
        )

    def handle(self, *args, older_than_hours: int | None, **options) -> None:
        if older_than_hours is not None and older_than_hours < 0:
            self.stderr.write("--older-than-hours must be 0 or more")
            raise SystemExit(2)
        older_than = None if older_than_hours is None else timedelta(hours=older_than_hours)
        deleted = purge_expired(older_than=older_than)
        self.stdout.write(f"deleted {deleted} idempotency record(s)")
