"""Fail fast, with a message that says what to start, when PostgreSQL or RabbitMQ is down."""

import os
import sys

import psycopg
from kombu import Connection

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
RABBITMQ_URL = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")


def check_postgres() -> str | None:
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin_url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return (
            f"PostgreSQL is not reachable at {admin_url}: {exc}\n"
            "  start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        )
    return None


def check_rabbitmq() -> str | None:
    try:
        with Connection(RABBITMQ_URL, connect_timeout=5) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:  # kombu raises transport-specific errors
        return f"RabbitMQ is not reachable at {RABBITMQ_URL}: {exc}\n  start it with: rabbitmq-server -detached"
    return None


def main() -> int:
    problems = [p for p in (check_postgres(), check_rabbitmq()) if p]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if not problems:
        print("PostgreSQL and RabbitMQ answer.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
