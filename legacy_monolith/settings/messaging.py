"""Celery and event-broker settings: the embedded filesystem broker by default, RabbitMQ by URL.

`BROKER_URL=amqp://user:pass@host:5672/vhost` points both Celery and the event relay at
RabbitMQ; `CELERY_BROKER_URL` and `MESSAGING_BROKER_URL` override each one separately.
"""

from messaging.broker import EMBEDDED_TRANSPORT
from messaging.relay_queue import celery_task_queues

from .env import VAR_DIR, env_str


def _env_float(name: str, default: float) -> float:
    return float(env_str(name, str(default)))


def _filesystem_options(url: str, folder: str) -> dict:
    if not url.startswith("filesystem:"):
        return {}
    root = VAR_DIR / "broker" / folder
    for sub in ("messages", "control", "processed"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(root / "messages"),
        "data_folder_out": str(root / "messages"),
        "control_folder": str(root / "control"),
        "processed_folder": str(root / "processed"),
        "polling_interval": 0.1,
    }


BROKER_URL = env_str("BROKER_URL", "filesystem://")

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", BROKER_URL)
CELERY_BROKER_TRANSPORT_OPTIONS = _filesystem_options(CELERY_BROKER_URL, "celery")
if CELERY_BROKER_URL.startswith("filesystem:"):
    # kombu's own filesystem transport lets a worker read a message file another process is
    # still writing (a JSONDecodeError that stops the worker); the embedded one writes then renames.
    CELERY_BROKER_TRANSPORT = EMBEDDED_TRANSPORT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

MESSAGING_BROKER_URL = env_str("MESSAGING_BROKER_URL", BROKER_URL)
# The relay's own queue (capped to one waiting nudge): a worker must consume it, e.g.
# `celery -A legacy_monolith.celery worker --queues celery,messaging.relay`.
MESSAGING_RELAY_QUEUE = env_str("MESSAGING_RELAY_QUEUE", "messaging.relay")

MESSAGING = {
    "SOURCE": env_str("MESSAGING_SOURCE", "/legacy-monolith"),
    "BROKER_URL": MESSAGING_BROKER_URL,
    "BROKER_TRANSPORT_OPTIONS": _filesystem_options(MESSAGING_BROKER_URL, "events"),
    "EXCHANGE": env_str("MESSAGING_EXCHANGE", "events"),
    "QUEUE_PREFIX": env_str("MESSAGING_QUEUE_PREFIX", ""),
    "QUEUE_TYPE": env_str("MESSAGING_QUEUE_TYPE", "quorum"),
    "DELIVERY_LIMIT": int(env_str("MESSAGING_DELIVERY_LIMIT", "5")),
    "RELAY_BATCH_SIZE": int(env_str("MESSAGING_RELAY_BATCH_SIZE", "500")),
    "RELAY_CONFIRM_TIMEOUT": _env_float("MESSAGING_RELAY_CONFIRM_TIMEOUT", 10.0),
    "RELAY_QUEUE": MESSAGING_RELAY_QUEUE,
    "NUDGE_MIN_INTERVAL": _env_float("MESSAGING_NUDGE_MIN_INTERVAL", 0.01),
    "CELERY_APP": "legacy_monolith.celery:app",
    "RETENTION_DAYS": _env_float("MESSAGING_RETENTION_DAYS", 7.0),
}

CELERY_TASK_ROUTES = {"messaging.relay_outbox": {"queue": MESSAGING_RELAY_QUEUE}}
if MESSAGING_RELAY_QUEUE != CELERY_TASK_DEFAULT_QUEUE:
    # A queue of its own for the relay holds at most one nudge (see messaging/relay_queue.py).
    CELERY_TASK_QUEUES = celery_task_queues(
        default_queue=CELERY_TASK_DEFAULT_QUEUE, relay_queue=MESSAGING_RELAY_QUEUE
    )
CELERY_BEAT_SCHEDULE = {
    # The backstop for nudges lost to a crash or a broker outage: sweep every second.
    "messaging-relay-sweep": {
        "task": "messaging.relay_outbox",
        "schedule": _env_float("MESSAGING_SWEEP_SECONDS", 1.0),
        "options": {"queue": MESSAGING_RELAY_QUEUE, "expires": 5},
    },
}
