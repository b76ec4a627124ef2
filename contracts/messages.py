"""Message pacts on the consumer side: a pact's message handed to the consumer's real handler.

A message pact's body is an event's payload (`data`) and its metadata the CloudEvents attributes
the consumer relies on (`type`, `subject`). `delivered_to(consumer)` turns each message the
pact generates into the structured CloudEvent the broker would carry, parses it with the
messaging library's own `envelope.parse`, and applies it with the handler the consumer
registered for its type, through the idempotent inbox, exactly as `messaging_consume` does.
"""

import json
import uuid
from collections.abc import Callable
from typing import Any

from pact import Pact, match

from messaging.consumers import get_consumer
from messaging.envelope import Event, now_rfc3339, parse
from messaging.inbox import apply_once

SPEC_VERSION = "1.0"


class NotHandled(AssertionError):
    """The consumer has no handler for the message's event type."""


def event_metadata(event_type: str, *, subject: Any) -> dict[str, Any]:
    """The metadata a consumer relies on: the exact type (with version) and the subject."""
    return {"type": event_type, "subject": subject}


def legacy_subject(example: int) -> Any:
    """A legacy aggregate's subject: its integer id, as a string."""
    return match.regex(str(example), regex=r"^[1-9][0-9]*$")


def uuid_subject(example: str) -> Any:
    return match.uuid(example)


def as_event(body: str | bytes | None, metadata: dict[str, Any]) -> Event:
    """The CloudEvent a broker would deliver for this message, parsed as consumers parse it."""
    envelope = {
        "specversion": SPEC_VERSION,
        "id": str(uuid.uuid4()),
        "source": str(metadata.get("source", "/contracts")),
        "type": str(metadata["type"]),
        # The metadata arrives JSON-decoded: a legacy id subject comes back as a number.
        "subject": str(metadata["subject"]),
        "sequence": 1,
        "time": now_rfc3339(),
        "datacontenttype": "application/json",
        "data": json.loads(body.decode() if isinstance(body, bytes) else str(body)),
    }
    return parse(json.dumps(envelope))


def delivered_to(consumer_name: str, applied: list[Event] | None = None) -> Callable[..., None]:
    """A `pact.verify` handler: apply each message with `consumer_name`'s registered handler.

    Raises NotHandled when the consumer has no handler for the type (the pact would promise a
    message the consumer ignores); every applied event is appended to `applied`.
    """
    consumer = get_consumer(consumer_name)

    def handle(body: str | bytes | None, metadata: dict[str, Any]) -> None:
        event = as_event(body, metadata)
        handler = consumer.handlers.get(event.type)
        if handler is None:
            raise NotHandled(
                f"consumer {consumer.name} has no handler for {event.type}; it handles "
                f"{', '.join(consumer.event_types)}"
            )
        apply_once(consumer=consumer, event=event, handler=handler)
        if applied is not None:
            applied.append(event)

    return handle


def apply_messages(pact: Pact, consumer_name: str) -> list[Event]:
    """Apply every message `pact` holds with `consumer_name`'s handlers; the events applied.

    A handler's failure fails the test with the message's description and the handler's own
    error (pact's exception alone only counts them).
    """
    applied: list[Event] = []
    errors = pact.verify(delivered_to(consumer_name, applied), "Async", raises=False)
    if errors:
        raise AssertionError(
            "\n".join(f"message {str(e.description)!r}: {e.error!r}" for e in errors)
        )
    return applied
