"""`manage.py messaging_dlq list|redrive CONSUMER`: inspect and re-send dead letters."""

from django.core.management.base import BaseCommand, CommandError

from messaging.consumers import ConsumerError, get_consumer
from messaging.dlq import list_dead_letters, redrive
from messaging.publishers import CONNECTION_ERRORS


class Command(BaseCommand):
    help = "List a consumer's dead letters, or send them back to its queue (redrive)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "redrive"])
        parser.add_argument("consumer", help="Consumer name, as registered in a handlers module.")
        parser.add_argument("--limit", type=int, default=100, help="At most this many messages.")
        parser.add_argument(
            "--event-id", action="append", default=[], help="Only this event (repeatable)."
        )

    def handle(self, *args, **options):
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1")
        try:
            consumer = get_consumer(options["consumer"])
        except ConsumerError as exc:
            raise CommandError(str(exc)) from exc
        try:
            if options["action"] == "list":
                letters = list_dead_letters(consumer, limit=options["limit"])
            else:
                letters = redrive(consumer, limit=options["limit"], event_ids=options["event_id"])
        except CONNECTION_ERRORS as exc:
            raise CommandError(f"cannot reach the broker: {exc}") from exc
        verb = "dead letter" if options["action"] == "list" else "redriven"
        for letter in letters:
            self.stdout.write(
                f"{letter.event_id} {letter.type} subject={letter.subject} seq={letter.sequence} "
                f"attempts={letter.attempts} failed_at={letter.failed_at or '?'}: {letter.error}"
            )
        self.stdout.write(f"{len(letters)} {verb}{'s' if verb == 'dead letter' else ''}")
