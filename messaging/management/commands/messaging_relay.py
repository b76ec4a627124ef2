"""`manage.py messaging_relay`: run the relay in a loop, for a service without a Celery worker."""

import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from messaging.logs import get_logger
from messaging.relay import default_relay

log = get_logger("messaging.relay")


class Command(BaseCommand):
    help = (
        "Publish the outbox: the same relay the Celery task runs, polling instead of being "
        "nudged. --once drains what is pending and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0.2, help="Seconds between polls when idle."
        )
        parser.add_argument("--once", action="store_true", help="Drain once and exit.")

    def handle(self, *args, **options):
        if options["interval"] <= 0:
            raise CommandError("--interval must be more than zero")
        if options["once"]:
            result = default_relay().drain()
            if result.broker_error:
                raise CommandError(f"broker unavailable: {result.broker_error}")
            self.stdout.write(
                f"published {result.published}, retrying {result.retrying}, "
                f"failed {result.failed}, waiting behind earlier events {result.blocked}"
            )
            return
        running = True

        def stop(signum, frame):
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while running:
            try:
                result = default_relay().drain()
            except DatabaseError as exc:
                # Keep relaying through a database outage, as the Celery worker would.
                log.warning("database unavailable", error=str(exc))
                connection.close()
                time.sleep(1.0)
                continue
            if not result.published:
                time.sleep(options["interval"])
        self.stdout.write("relay stopped")
