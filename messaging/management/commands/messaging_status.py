"""`manage.py messaging_status`: outbox backlog, oldest pending age and failures."""

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from messaging.selectors import outbox_status


class Command(BaseCommand):
    help = "Show the outbox backlog, the age of its oldest pending event and recent failures."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument("--failures", type=int, default=20, help="How many failures to list.")

    def handle(self, *args, **options):
        report = outbox_status(failures_limit=max(options["failures"], 0))
        if options["json"]:
            self.stdout.write(json.dumps(asdict(report), default=str, indent=2))
            return
        self.stdout.write(
            f"pending {report.pending} (retrying {report.retrying}), failed {report.failed}, "
            f"published {report.published}"
        )
        if report.oldest_pending_at:
            self.stdout.write(
                f"oldest pending: {report.oldest_pending_age_s:.1f}s old "
                f"(recorded {report.oldest_pending_at:%Y-%m-%d %H:%M:%S})"
            )
        for event_type, count in report.pending_by_type.items():
            self.stdout.write(f"  pending {event_type}: {count}")
        if report.failures:
            self.stdout.write("failures (newest first):")
        for failure in report.failures:
            self.stdout.write(
                f"  [{failure.status}] {failure.event_id} {failure.type} "
                f"subject={failure.subject} seq={failure.sequence} attempts={failure.attempts}: "
                f"{failure.error}"
            )
        if report.failed:
            self.stdout.write(
                self.style.WARNING(
                    "failed events block later events of their aggregate; fix the cause, then "
                    "run messaging_retry_failed"
                )
            )
