"""Relay benchmark: confirmed pipelined relay vs a naive one, commit-to-consumer lag, 100k drain.

Needs PostgreSQL and RabbitMQ (the real stack). Writes bench/results/relay.json and prints a
summary. Everything it declares on the broker has a name of its own and is deleted after.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_relay \\
    BENCH_BROKER_URL=amqp://guest:guest@127.0.0.1:5672// python bench/relay.py [--quick]

Phases, all in one run on one machine:
1. throughput: the same backlog shape drained by the relay with pipelined confirms, and by a
   naive relay that publishes one message at a time with kombu's `confirm_publish`;
2. drain: a 100k-event backlog over 1,000 aggregates drained by one relay;
3. lag: writer processes (3 by default) commit one event per transaction at a steady total
   rate; a Celery worker relay on its own nudge queue publishes them; a consumer process
   applies them through the inbox. Lag is the time from a writer's commit returning to the
   handler running; the relay part (commit to confirmed) is reported beside it.

Everything shares the machine, so the load average before and after is recorded with the
results; the writers' achieved rate is recorded too, in case the machine could not keep up.
"""

import argparse
import json
import os
import platform
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS = REPO_ROOT / "bench" / "results" / "relay.json"
EVENT_TYPE = "bench.item.touched.v1"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_relay"
        ),
    )
    parser.add_argument(
        "--broker-url",
        default=os.environ.get("BENCH_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//"),
    )
    parser.add_argument("--quick", action="store_true", help="Small sizes, for a smoke run.")
    parser.add_argument(
        "--phases",
        default="throughput,drain,lag",
        help="Comma-separated subset of throughput, drain, lag (results need all three).",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--rate", type=float, default=500.0, help="Events/s in the lag phase.")
    parser.add_argument("--lag-seconds", type=float, default=20.0)
    parser.add_argument(
        "--writers", type=int, default=3, help="Writer processes sharing the lag-phase rate."
    )
    # Internal: the child-process roles of the lag phase.
    parser.add_argument("--consume", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--writer-index", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, default=0.0, help=argparse.SUPPRESS)
    return parser.parse_args()


def configure(args: argparse.Namespace, namespace: str, var_dir: str) -> dict[str, str]:
    """Environment shared by this process and the relay worker it starts."""
    env = {
        "DJANGO_SETTINGS_MODULE": "legacy_monolith.settings.base",
        "DATABASE_URL": args.database_url,
        "BROKER_URL": args.broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": f"{namespace}.celery",
        # The relay on a queue of its own, as recommended: it holds at most one nudge.
        "MESSAGING_RELAY_QUEUE": f"{namespace}.relay",
        "MESSAGING_EXCHANGE": f"{namespace}.events",
        "MESSAGING_QUEUE_PREFIX": f"{namespace}.",
        "MESSAGING_SOURCE": "/bench",
        "STRANGLER_VAR_DIR": var_dir,
        "PYTHONPATH": str(REPO_ROOT),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    return env


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        dbname="postgres",
        password=config.get("PASSWORD") or None,
        autocommit=True,
    ) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def setup_django():
    import django

    sys.path.insert(0, str(REPO_ROOT))
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from messaging.consumers import consumer
    from messaging.event_types import register_event_type

    register_event_type(
        EVENT_TYPE,
        owner="bench",
        schema={
            "type": "object",
            "properties": {"item": {"type": "integer"}, "n": {"type": "integer"}},
            "required": ["item", "n"],
        },
    )
    return consumer("bench-lag")


def reset_outbox() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE messaging_outbox, messaging_aggregate_sequence, messaging_inbox RESTART IDENTITY"
        )


def settle_database() -> None:
    """Write out what the earlier phases left dirty, so no checkpoint lands in the lag window."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        pass  # needs the pg_checkpoint role or superuser; the run is merely noisier without


def fill_backlog(events: int, aggregates: int) -> None:
    from django.db import transaction

    from messaging.outbox import NewEvent, record_events

    batch = 5000
    for start in range(0, events, batch):
        with transaction.atomic():
            record_events(
                NewEvent(EVENT_TYPE, n % aggregates, {"item": n % aggregates, "n": n})
                for n in range(start, min(start + batch, events))
            )


def purge_queue(connection, queue: str) -> None:
    channel = connection.channel()
    channel.queue_purge(queue)
    channel.close()


class NaivePublisher:
    """One message at a time, each waiting for its confirm (kombu `confirm_publish`)."""

    def __init__(self, url: str):
        from kombu import Connection

        self.connection = Connection(url, transport_options={"confirm_publish": True})
        self.producer = self.connection.Producer()

    def publish(self, messages):
        for message in messages:
            self.producer.publish(
                message.body,
                exchange=message.exchange,
                routing_key=message.routing_key,
                headers=message.headers,
                **message.properties(),
            )
        return [None] * len(messages)

    def close(self) -> None:
        self.connection.release()


def drain_rate(relay, expected: int) -> tuple[float, float]:
    """Drain the outbox with `relay`; returns (seconds, events per second)."""
    from messaging.models import OutboxEvent, OutboxStatus

    started = time.perf_counter()
    published = 0
    while published < expected:
        result = relay.run_once()
        if result.broker_error:
            raise RuntimeError(result.broker_error)
        published += result.published
        if not result.claimed:
            break
    elapsed = time.perf_counter() - started
    left = OutboxEvent.objects.exclude(status=OutboxStatus.PUBLISHED).count()
    if left:
        raise RuntimeError(f"{left} events were not published")
    return elapsed, expected / elapsed


def start_relay_worker(env: dict[str, str], var_dir: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "legacy_monolith.celery",
            "worker",
            "--pool",
            "solo",
            "--queues",
            env["MESSAGING_RELAY_QUEUE"],
            "--beat",
            "--schedule",
            f"{var_dir}/beat",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "WARNING",
            "--hostname",
            "bench-relay@%h",
        ],
        env={**os.environ, **env},
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(var_dir) / "worker.log", "wb"),
        start_new_session=True,
    )


def consume_role(args: argparse.Namespace) -> None:
    """Child process: apply bench events through the inbox, then write when each was handled."""
    bench_consumer = setup_django()
    from messaging.runner import ConsumerRunner

    handled: dict[str, float] = {}

    @bench_consumer.handles(EVENT_TYPE)
    def touched(event) -> None:
        handled[event.id] = time.time()

    runner = ConsumerRunner(bench_consumer)

    def stop(signum, frame):
        runner.should_stop = True

    signal.signal(signal.SIGTERM, stop)
    runner.run()
    args.consume.write_text(json.dumps(handled))


def write_role(args: argparse.Namespace) -> None:
    """Child process: commit one event per transaction at `--rate` from `--start-at` on."""
    setup_django()
    from django.db import transaction

    from messaging.outbox import record_event

    committed: dict[str, float] = {}
    offset = args.writer_index
    while time.time() < args.start_at:
        time.sleep(0.001)
    started = time.perf_counter()
    for n in range(args.count):
        due = started + n / args.rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        item = (n * args.writers + offset) % 200
        with transaction.atomic():
            event = record_event(type=EVENT_TYPE, subject=item, data={"item": item, "n": n})
        committed[str(event.event_id)] = time.time()
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    args.write.write_text(
        json.dumps(
            {"committed": committed, "elapsed": elapsed, "cpu_s": usage.ru_utime + usage.ru_stime}
        )
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a live process has used so far (Linux)."""
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def wait_for_consumer(total: int, timeout: float = 60.0) -> None:
    """Wait until the consumer's inbox holds `total` events; say where they are stuck if not."""
    from messaging.models import InboxMessage, OutboxEvent, OutboxStatus

    deadline = time.monotonic() + timeout
    while InboxMessage.objects.count() < total:
        if time.monotonic() > deadline:
            unpublished = OutboxEvent.objects.exclude(status=OutboxStatus.PUBLISHED).count()
            raise RuntimeError(
                f"after {timeout:g}s the consumer has {InboxMessage.objects.count()} of {total} "
                f"events; {unpublished} are still unpublished"
            )
        time.sleep(0.1)


def measure_lag(
    rate: float, seconds: float, writers: int, env: dict[str, str], var_dir: str
) -> dict[str, float]:
    children = []
    handled_file = Path(var_dir) / "handled.json"

    def spawn(*extra: str) -> subprocess.Popen:
        child = subprocess.Popen(
            [sys.executable, __file__, *extra],
            env={**os.environ, **env},
            cwd=REPO_ROOT,
            start_new_session=True,
        )
        children.append(child)
        return child

    consumer = spawn("--consume", str(handled_file))
    worker = start_relay_worker(env, var_dir)
    per_writer = int(rate * seconds / writers)
    start_at = time.time() + 8  # worker and consumer start-up, outside the measured window
    written = [Path(var_dir) / f"written-{n}.json" for n in range(writers)]
    writer_processes = [
        spawn(
            "--write",
            str(path),
            "--writer-index",
            str(n),
            "--writers",
            str(writers),
            "--rate",
            str(rate / writers),
            "--count",
            str(per_writer),
            "--start-at",
            str(start_at),
        )
        for n, path in enumerate(written)
    ]
    cpu: dict[str, float] = {}
    try:
        for process in writer_processes:
            process.wait(timeout=seconds * 4 + 60)
        wait_for_consumer(writers * per_writer)
        cpu = {"relay_worker": cpu_seconds(worker.pid), "consumer": cpu_seconds(consumer.pid)}
    finally:
        for process in (worker, consumer):
            os.killpg(process.pid, signal.SIGTERM)
        worker.wait(timeout=30)
        for child in children:
            child.wait(timeout=30)
    committed: dict[str, float] = {}
    slowest = 0.0
    for n, path in enumerate(written):
        result = json.loads(path.read_text())
        committed.update(result["committed"])
        slowest = max(slowest, result["elapsed"])
        cpu[f"writer_{n}"] = result["cpu_s"]
    handled = json.loads(handled_file.read_text())
    total = per_writer * writers
    lags = sorted((handled[i] - committed[i]) * 1000 for i in committed if i in handled)
    if len(lags) < total:
        raise RuntimeError(f"only {len(lags)} of {total} events reached the consumer")
    quantiles = statistics.quantiles(lags, n=100, method="inclusive")
    # Where the time went: commit -> broker confirm (relay), confirm -> handler (consumer).
    from messaging.models import OutboxEvent

    published = {
        str(event_id): at.timestamp()
        for event_id, at in OutboxEvent.objects.values_list("event_id", "published_at")
    }
    relay_part = statistics.quantiles(
        sorted((published[i] - committed[i]) * 1000 for i in committed), n=100
    )
    return {
        "lag_p50_ms": round(quantiles[49], 2),
        "lag_p99_ms": round(quantiles[98], 2),
        "lag_max_ms": round(lags[-1], 2),
        "lag_relay_p50_ms": round(relay_part[49], 2),
        "lag_relay_p99_ms": round(relay_part[98], 2),
        "lag_events": total,
        "lag_writers": writers,
        "lag_rate_achieved_per_s": round(total / slowest, 1),
        "lag_cpu_seconds": {name: round(value, 2) for name, value in cpu.items()},
    }


def machine(broker_connection) -> dict[str, object]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        memory = meminfo.read_text().splitlines()[0].split(":", 1)[1].strip()
    properties = broker_connection.connection.server_properties
    return {
        "hostname": platform.node(),
        "platform": platform.platform(),
        "cpu": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "postgresql": postgres,
        "rabbitmq": properties.get("version", "?"),
        # Other work on the machine skews every number here; this says how busy it was.
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def throughput_phase(broker_connection, queue: str, sizes: dict, broker_url: str) -> dict:
    from messaging.publishers import ConfirmingPublisher
    from messaging.relay import Relay

    reset_outbox()
    fill_backlog(sizes["pipelined"], aggregates=1000)
    publisher = ConfirmingPublisher()
    _, events_per_s = drain_rate(Relay(publisher), sizes["pipelined"])
    publisher.close()
    purge_queue(broker_connection, queue)
    print(f"  pipelined confirms: {events_per_s:,.0f} events/s")

    reset_outbox()
    fill_backlog(sizes["naive"], aggregates=1000)
    naive = NaivePublisher(broker_url)
    _, naive_per_s = drain_rate(Relay(naive), sizes["naive"])
    naive.close()
    purge_queue(broker_connection, queue)
    print(f"  naive (one confirm per message): {naive_per_s:,.0f} events/s")
    return {
        "events_per_s": round(events_per_s, 1),
        "naive_events_per_s": round(naive_per_s, 1),
        "throughput_ratio_vs_naive": round(events_per_s / naive_per_s, 2),
    }


def drain_phase(broker_connection, queue: str, events: int) -> dict:
    from messaging.publishers import ConfirmingPublisher
    from messaging.relay import Relay

    reset_outbox()
    fill_backlog(events, aggregates=1000)
    publisher = ConfirmingPublisher()
    seconds, per_s = drain_rate(Relay(publisher), events)
    publisher.close()
    purge_queue(broker_connection, queue)
    print(f"  drained {events:,} events in {seconds:.1f}s ({per_s:,.0f}/s)")
    return {
        "drain_100k_s": round(seconds, 2) if events == 100000 else None,
        "drain_events": events,
        "drain_s": round(seconds, 2),
        "drain_events_per_s": round(per_s, 1),
    }


def main() -> None:
    args = parse_args()
    if args.consume:
        consume_role(args)
        return
    if args.write:
        write_role(args)
        return
    phases = {phase.strip() for phase in args.phases.split(",") if phase.strip()}
    unknown = phases - {"throughput", "drain", "lag"}
    if unknown:
        sys.exit(f"unknown phase(s) {', '.join(sorted(unknown))}; use throughput, drain, lag")
    namespace = f"bench-{secrets.token_hex(3)}"
    var_dir = tempfile.mkdtemp(prefix="bench-relay-")
    worker_env = configure(args, namespace, var_dir)
    ensure_database(args.database_url)
    bench_consumer = setup_django()

    from messaging import broker
    from messaging.topology import declare

    sizes = (
        {"pipelined": 2000, "naive": 500, "drain": 5000}
        if args.quick
        else {"pipelined": 20000, "naive": 5000, "drain": 100000}
    )
    lag_seconds = 5.0 if args.quick else args.lag_seconds
    results: dict[str, object] = {
        "benchmark": "relay",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
    }
    with broker.connection() as broker_connection:
        broker_connection.connect()
        results["machine"] = machine(broker_connection)
        # A quorum queue bound to the events, as in production: confirms wait for it.
        bench_consumer.handles(EVENT_TYPE)(lambda event: None)
        declare(broker_connection, [bench_consumer])
        bench_consumer.handlers.clear()
        queue = bench_consumer.queue
        try:
            print(f"relay benchmark, sizes {sizes}, lag {args.rate:g}/s for {lag_seconds:g}s")
            if "throughput" in phases:
                results.update(throughput_phase(broker_connection, queue, sizes, args.broker_url))
            if "drain" in phases:
                results.update(drain_phase(broker_connection, queue, sizes["drain"]))
            if "lag" in phases:
                reset_outbox()
                settle_database()
                # A fresh queue: the earlier phases left the old one's log to compact.
                channel = broker_connection.channel()
                channel.queue_delete(queue)
                channel.close()
                bench_consumer.handles(EVENT_TYPE)(lambda event: None)
                declare(broker_connection, [bench_consumer])
                bench_consumer.handlers.clear()
                lag = measure_lag(args.rate, lag_seconds, args.writers, worker_env, var_dir)
                results.update(lag, lag_target_rate_per_s=args.rate)
                print(
                    f"  lag at {lag['lag_rate_achieved_per_s']:g}/s: p50 {lag['lag_p50_ms']} ms, "
                    f"p99 {lag['lag_p99_ms']} ms (relay part: p50 {lag['lag_relay_p50_ms']} ms, "
                    f"p99 {lag['lag_relay_p99_ms']} ms)"
                )
        finally:
            channel = broker_connection.channel()
            celery_queues = (f"{namespace}.celery", f"{namespace}.relay")
            for name in (queue, bench_consumer.dead_letter_queue, *celery_queues):
                channel.queue_delete(name)
            # Celery also declared a direct exchange named after each of its queues.
            for name in (f"{namespace}.events", f"{namespace}.events.dlx", *celery_queues):
                channel.exchange_delete(name)
            reset_outbox()
    results["settings"] = {
        "batch_size": 500,
        "aggregates": 1000,
        "queue_type": "quorum",
        "pipelined_events": sizes["pipelined"],
        "naive_events": sizes["naive"],
        "lag_seconds": lag_seconds,
        "writers": args.writers,
    }
    results["targets"] = {"throughput_ratio_vs_naive": ">= 3", "lag_p99_ms": "<= 100"}
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    summary = []
    if "throughput_ratio_vs_naive" in results:
        ok = results["throughput_ratio_vs_naive"] >= 3
        summary.append(
            f"throughput x{results['throughput_ratio_vs_naive']} vs naive "
            f"({'meets' if ok else 'MISSES'} >= 3x)"
        )
    if "lag_p99_ms" in results:
        ok = results["lag_p99_ms"] <= 100
        summary.append(
            f"lag p99 {results['lag_p99_ms']} ms ({'meets' if ok else 'MISSES'} <= 100 ms)"
        )
    print("; ".join(summary) + f"; written to {args.output}")


if __name__ == "__main__":
    main()
