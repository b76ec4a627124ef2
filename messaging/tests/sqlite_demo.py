"""Run the embedded default end to end (SQLite + filesystem broker) and print what happened.

Used by test_sqlite.py in a child process, because the test run itself is on PostgreSQL:
`DATABASE_URL=sqlite:///... python -m messaging.tests.sqlite_demo`.
"""

import json
import os
import threading

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legacy_monolith.settings.test")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from messaging import broker
    from messaging.models import OutboxEvent, OutboxStatus
    from messaging.publishers import EmbeddedPublisher
    from messaging.relay import Relay
    from messaging.runner import ConsumerRunner
    from messaging.tests.testapp.events import account_credit, account_open
    from messaging.tests.testapp.handlers import projection
    from messaging.tests.testapp.models import AppliedEvent, Projection
    from messaging.topology import declare

    assert connection.vendor == "sqlite"
    call_command("migrate", verbosity=0)
    with broker.connection() as conn:
        declare(conn, [projection])
    accounts = [account_open(name=f"account {n}") for n in range(5)]
    writing_done = threading.Event()
    errors: list[str] = []

    def writer() -> None:
        try:
            for amount in range(1, 21):
                for account in accounts:
                    account_credit(account_id=account.pk, amount=amount)
        except Exception as exc:  # reported in the output
            errors.append(repr(exc))
        finally:
            writing_done.set()
            connection.close()

    def relay() -> None:
        # Two relays at once: on SQLite they take turns on the database write lock.
        try:
            runner = Relay(EmbeddedPublisher())
            while True:
                runner.drain()
                if (
                    writing_done.is_set()
                    and not OutboxEvent.objects.exclude(status=OutboxStatus.PUBLISHED).exists()
                ):
                    return
        except Exception as exc:  # reported in the output
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=f) for f in (writer, relay, relay)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    consumer = ConsumerRunner(projection, stop_when_idle=1.0)
    consumer.run()

    sequences: dict[str, list[int]] = {}
    for subject, sequence in AppliedEvent.objects.order_by("id").values_list("subject", "sequence"):
        sequences.setdefault(subject, []).append(sequence)
    print(
        json.dumps(
            {
                "errors": errors,
                "counts": consumer.counts,
                "sequences": sequences,
                "balances": sorted(Projection.objects.values_list("balance", flat=True)),
            }
        )
    )


if __name__ == "__main__":
    main()
