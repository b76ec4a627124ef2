"""The `MESSAGING` settings namespace with its defaults, read on every access."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # CloudEvents `source` of events recorded by this process (one per service).
    "SOURCE": "/unnamed-service",
    # Event broker: `amqp://...` for RabbitMQ, `filesystem://` for the embedded demo broker.
    "BROKER_URL": "filesystem://",
    "BROKER_TRANSPORT_OPTIONS": {},
    # The embedded broker's folder; every process of a demo must use the same one.
    "EMBEDDED_BROKER_DIR": "var/broker/events",
    "CONNECT_TIMEOUT": 5.0,
    # Topology: one topic exchange, one queue (+ dead-letter queue) per consumer.
    "EXCHANGE": "events",
    "QUEUE_PREFIX": "",
    "QUEUE_TYPE": "quorum",  # "classic" for brokers without quorum queues
    "DELIVERY_LIMIT": 5,
    # Relay.
    "RELAY_BATCH_SIZE": 500,
    "RELAY_CONFIRM_TIMEOUT": 10.0,
    "RELAY_MAX_ATTEMPTS": 10,
    "RELAY_BACKOFF_BASE": 1.0,
    "RELAY_BACKOFF_MAX": 300.0,
    "RELAY_BROKER_BACKOFF_MAX": 5.0,
    "RELAY_TIME_BUDGET": 10.0,
    "MAX_MESSAGE_BYTES": 8 * 1024 * 1024,
    # Celery: the relay task, the queue it goes to and how a commit nudges it.
    "RELAY_TASK": "messaging.relay_outbox",
    "RELAY_QUEUE": "celery",
    "CELERY_APP": "legacy_monolith.celery:app",
    "NUDGE": "messaging.nudge.send_celery_nudge",  # dotted path of a callable, or None
    # At most one nudge per interval and process: bounds the cost at high commit rates, and
    # adds at most this much to the commit-to-publish lag.
    "NUDGE_MIN_INTERVAL": 0.01,
    # Consumers.
    "CONSUMER_PREFETCH": 100,
    "CONSUMER_BACKOFF_BASE": 0.2,
    "CONSUMER_BACKOFF_MAX": 5.0,
    # Operations.
    "RETENTION_DAYS": 7,
}


def get(name: str) -> Any:
    """The value of `MESSAGING[name]`, falling back to the default."""
    configured = getattr(settings, "MESSAGING", {})
    if name in configured:
        return configured[name]
    return DEFAULTS[name]
