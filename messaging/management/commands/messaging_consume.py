"""`manage.py messaging_consume CONSUMER`: run a consumer until stopped (SIGTERM/SIGINT)."""

import signal

from django.core.management.base import BaseCommand, CommandError
from prometheus_client import start_http_server

from messaging.consumers import ConsumerError, get_consumer
from messaging.runner import ConsumerRunner
from messaging.topology import TopologyMismatch


class Command(BaseCommand):
    help = "Consume a consumer's queue, applying each event once through its handlers."

    def add_arguments(self, parser):
        parser.add_argument("consumer", help="Consumer name, as registered in a handlers module.")
        parser.add_argument(
            "--stop-when-idle",
            type=float,
            default=None,
            help="Exit after this many seconds without a message (for batch jobs and tests).",
        )
        parser.add_argument(
            "--metrics-port", type=int, default=None, help="Serve Prometheus metrics on this port."
        )

    def handle(self, *args, **options):
        try:
            consumer = get_consumer(options["consumer"])
        except ConsumerError as exc:
            raise CommandError(str(exc)) from exc
        if not consumer.handlers:
            raise CommandError(f"consumer {consumer.name} has no handlers registered")
        if options["metrics_port"] is not None:
            start_http_server(options["metrics_port"], addr="127.0.0.1")
        runner = ConsumerRunner(consumer, stop_when_idle=options["stop_when_idle"])

        def stop(signum, frame):
            runner.should_stop = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            runner.run()
        except TopologyMismatch as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{k} {v}" for k, v in sorted(runner.counts.items())) or "nothing"
        self.stdout.write(f"consumer {consumer.name} stopped: {summary}")
