"""`manage.py messaging_retry_failed`: put failed outbox events back in the queue."""

import uuid

from django.core.management.base import BaseCommand, CommandError

from messaging.services import outbox_retry_failed


class Command(BaseCommand):
    help = "Give failed outbox events (all with --all, or the given ids) another chance."

    def add_arguments(self, parser):
        parser.add_argument("event_ids", nargs="*", help="Event ids to retry.")
        parser.add_argument("--all", action="store_true", help="Retry every failed event.")

    def handle(self, *args, **options):
        ids = options["event_ids"]
        if not ids and not options["all"]:
            raise CommandError("name the event ids to retry, or pass --all")
        for value in ids:
            try:
                uuid.UUID(value)
            except ValueError:
                raise CommandError(f"{value!r} is not an event id (a UUID)") from None
        count = outbox_retry_failed(event_ids=ids)
        self.stdout.write(self.style.SUCCESS(f"{count} failed events queued again"))
