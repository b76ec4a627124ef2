"""`manage.py reverse_sync_links`: tell the services the legacy ids they have not acknowledged."""

from django.core.management.base import BaseCommand, CommandError

from legacy_monolith.reverse_sync.links import links_send_pending


class Command(BaseCommand):
    help = (
        "Send every legacy id that reverse sync gave a row born in a service and that the "
        "service has not acknowledged yet (PUT .../legacy-id/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Send at most this many.")

    def handle(self, *args, **options):
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be 1 or more")
        report = links_send_pending(limit=options["limit"])
        self.stdout.write(f"sent {report.sent} legacy id(s)")
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} could not be sent (is the service up?): "
                + "; ".join(report.failed)
            )
