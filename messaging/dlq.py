"""Dead letters: sending a message to its consumer's dead-letter queue, listing and redriving."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kombu import Connection
from kombu.message import Message

from . import broker
from .consumers import Consumer
from .envelope import EnvelopeError, parse
from .publishers import Outgoing, Publisher, PublishFailed, publisher_for
from .topology import dead_letter_exchange, dead_letter_queue, declare

ERROR_HEADER = "x-messaging-error"
FAILED_AT_HEADER = "x-messaging-failed-at"
ATTEMPTS_HEADER = "x-messaging-attempts"
_OWN_HEADERS = (ERROR_HEADER, FAILED_AT_HEADER, ATTEMPTS_HEADER, "x-death", "x-delivery-count")


@dataclass(frozen=True)
class DeadLetter:
    """A dead-lettered message as an operator sees it."""

    event_id: str
    type: str
    subject: str
    sequence: int | None
    error: str
    failed_at: str
    attempts: int | str


def dead_letter(
    publisher: Publisher, consumer: Consumer, message: Message, *, reason: str, attempts: int
) -> None:
    """Copy `message` to `consumer`'s dead-letter queue with the reason; the caller then acks it."""
    headers = dict(message.headers or {})
    headers.update(
        {
            ERROR_HEADER: reason[:2000],
            FAILED_AT_HEADER: datetime.now(UTC).isoformat(timespec="seconds"),
            ATTEMPTS_HEADER: attempts,
        }
    )
    outcome = publisher.publish(
        [
            Outgoing(
                body=message.body,
                exchange=dead_letter_exchange().name,
                routing_key=consumer.queue,
                message_id=message.properties.get("message_id", ""),
                type=message.properties.get("type", ""),
                headers=headers,
            )
        ]
    )
    if outcome[0] is not None:
        raise PublishFailed(f"dead-lettering refused: {outcome[0]}")


def _describe(message: Message) -> DeadLetter:
    headers = message.headers or {}
    try:
        event = parse(message.body)
        event_id, type_, subject, sequence = event.id, event.type, event.subject, event.sequence
    except EnvelopeError as exc:
        event_id = str(message.properties.get("message_id", "?"))
        type_, subject, sequence = "(unreadable)", "", None
        headers = {**headers, ERROR_HEADER: headers.get(ERROR_HEADER, str(exc))}
    error = headers.get(ERROR_HEADER)
    if error is None and headers.get("x-death"):
        death = headers["x-death"][0]
        error = f"broker dead-lettered it ({death.get('reason')}) after the delivery limit"
    return DeadLetter(
        event_id=event_id,
        type=type_,
        subject=subject,
        sequence=sequence,
        error=str(error or "unknown"),
        failed_at=str(headers.get(FAILED_AT_HEADER, "")),
        attempts=headers.get(ATTEMPTS_HEADER, headers.get("x-delivery-count", "")),
    )


def _fetch(connection: Connection, consumer: Consumer, limit: int) -> list[Message]:
    queue = dead_letter_queue(consumer)(connection.default_channel)
    messages: list[Message] = []
    while len(messages) < limit:
        message = queue.get(no_ack=False)
        if message is None:
            break
        messages.append(message)
    return messages


def list_dead_letters(consumer: Consumer, *, limit: int = 100) -> list[DeadLetter]:
    """Up to `limit` dead letters of `consumer`, oldest first; the queue is left unchanged."""
    with broker.connection() as connection:
        declare(connection, [consumer])
        # Unacknowledged gets go back to the queue, in place, when the connection closes.
        return [_describe(message) for message in _fetch(connection, consumer, limit)]


def redrive(
    consumer: Consumer, *, limit: int = 1000, event_ids: Sequence[str] = ()
) -> list[DeadLetter]:
    """Send dead letters back to `consumer`'s queue (only `event_ids` if given); returns them.

    Each message is removed from the dead-letter queue only after its copy was confirmed.
    """
    wanted = set(event_ids)
    publisher = publisher_for()
    redriven = []
    try:
        with broker.connection() as connection:
            declare(connection, [consumer])
            messages = _fetch(connection, consumer, limit if not wanted else 1_000_000)
            for message in messages:
                letter = _describe(message)
                if wanted and letter.event_id not in wanted:
                    continue
                headers: dict[str, Any] = {
                    key: value
                    for key, value in (message.headers or {}).items()
                    if key not in _OWN_HEADERS
                }
                outcome = publisher.publish(
                    [
                        Outgoing(
                            body=message.body,
                            exchange="",
                            routing_key=consumer.queue,
                            message_id=message.properties.get("message_id", ""),
                            type=message.properties.get("type", ""),
                            headers=headers,
                        )
                    ]
                )
                if outcome[0] is not None:
                    raise PublishFailed(f"redrive of {letter.event_id} refused: {outcome[0]}")
                message.ack()
                redriven.append(letter)
                if len(redriven) >= limit:
                    break
    finally:
        publisher.close()
    return redriven
