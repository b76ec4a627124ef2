"""`manage.py messaging_topology`: declare the exchanges and consumer queues (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from messaging import broker
from messaging.consumers import ConsumerError, all_consumers, get_consumer
from messaging.publishers import CONNECTION_ERRORS
from messaging.topology import TopologyMismatch, declare


class Command(BaseCommand):
    help = "Declare the events exchange, the dead-letter exchange and every consumer's queues."

    def add_arguments(self, parser):
        parser.add_argument(
            "consumers", nargs="*", help="Only these consumers (default: all registered)."
        )

    def handle(self, *args, **options):
        try:
            consumers = [get_consumer(name) for name in options["consumers"]] or all_consumers()
        except ConsumerError as exc:
            raise CommandError(str(exc)) from exc
        try:
            with broker.connection() as connection:
                declared = declare(connection, consumers)
        except TopologyMismatch as exc:
            raise CommandError(str(exc)) from exc
        except CONNECTION_ERRORS as exc:
            raise CommandError(f"cannot reach the broker: {exc}") from exc
        for line in declared:
            self.stdout.write(f"declared {line}")
        self.stdout.write(self.style.SUCCESS(f"topology ready ({len(consumers)} consumers)"))
