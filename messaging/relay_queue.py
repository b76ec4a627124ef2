"""The Celery queue that carries relay nudges: on RabbitMQ it holds at most one.

A waiting nudge makes the relay look at everything committed before it runs, so a newer nudge
can replace it (`x-max-length: 1` with `drop-head`). However many processes commit, the relay
then runs at most one pass per pass it completes, instead of queueing a task per commit.
"""

from kombu import Exchange, Queue


def celery_task_queues(*, default_queue: str, relay_queue: str) -> list[Queue]:
    """`CELERY_TASK_QUEUES` with the relay's own coalescing queue beside the default one.

    The relay queue must be a queue of its own: capped, it would drop other tasks too.
    """
    if relay_queue == default_queue:
        raise ValueError("the relay needs a queue of its own to coalesce nudges")
    # Named like the queues Celery creates on its own: a direct exchange of the same name.
    return [
        Queue(default_queue, Exchange(default_queue), routing_key=default_queue),
        Queue(
            relay_queue,
            Exchange(relay_queue),
            routing_key=relay_queue,
            queue_arguments={"x-max-length": 1, "x-overflow": "drop-head"},
        ),
    ]
