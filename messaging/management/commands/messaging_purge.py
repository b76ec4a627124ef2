"""`manage.py messaging_purge`: delete published outbox rows (and old inbox rows) past retention."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from messaging import conf
from messaging.retention import purge_inbox, purge_published


class Command(BaseCommand):
    help = "Delete outbox events published more than N days ago; --inbox also trims the inbox."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=float,
            default=None,
            help="Retention in days (default: MESSAGING RETENTION_DAYS).",
        )
        parser.add_argument(
            "--inbox", action="store_true", help="Also forget inbox rows older than that."
        )

    def handle(self, *args, **options):
        days = options["older_than_days"]
        days = conf.get("RETENTION_DAYS") if days is None else days
        if days < 0:
            raise CommandError("--older-than-days must be zero or more")
        older_than = timedelta(days=days)
        outbox = purge_published(older_than=older_than)
        self.stdout.write(f"deleted {outbox} published outbox events older than {days:g} days")
        if options["inbox"]:
            inbox = purge_inbox(older_than=older_than)
            self.stdout.write(f"deleted {inbox} inbox rows older than {days:g} days")
