"""Consumers and their handlers: each consumer has its own queue and applies event types by name.

    from messaging.consumers import consumer

    catalogue_sync = consumer("products-catalogue-sync")

    @catalogue_sync.handles("legacy.catalogue.product.changed.v1")
    def apply_product_change(event: Event) -> None:
        ...  # runs in a transaction that also records the event in the inbox

Handlers are plain functions taking an `Event`; they must write only through the default
database connection so the inbox row and their changes commit together.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import conf
from .envelope import Event
from .event_types import TYPE_PATTERN

Handler = Callable[[Event], None]
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_.-]{1,99}$")


class ConsumerError(Exception):
    """A consumer or handler is unknown or registered inconsistently."""


@dataclass
class Consumer:
    """A named consumer: one durable queue, one dead-letter queue and a handler per event type."""

    name: str
    handlers: dict[str, Handler] = field(default_factory=dict)

    @property
    def queue(self) -> str:
        return f"{conf.get('QUEUE_PREFIX')}{self.name}"

    @property
    def dead_letter_queue(self) -> str:
        return f"{self.queue}.dlq"

    @property
    def event_types(self) -> list[str]:
        return sorted(self.handlers)

    def handles(self, *event_types: str) -> Callable[[Handler], Handler]:
        """Decorator: `handler` applies each of `event_types` for this consumer."""

        def register(handler: Handler) -> Handler:
            for event_type in event_types:
                if not TYPE_PATTERN.match(event_type):
                    raise ConsumerError(f"{event_type!r} is not a versioned event type name")
                existing = self.handlers.get(event_type)
                if existing is not None and existing is not handler:
                    raise ConsumerError(
                        f"consumer {self.name} already handles {event_type} with "
                        f"{existing.__qualname__}; one handler per type and consumer"
                    )
                self.handlers[event_type] = handler
            return handler

        return register


_consumers: dict[str, Consumer] = {}


def consumer(name: str) -> Consumer:
    """The consumer called `name`, created on first use."""
    if not NAME_PATTERN.match(name):
        raise ConsumerError(
            f"consumer name {name!r} must be 2-100 lower-case letters, digits, '.', '_' or '-'"
        )
    return _consumers.setdefault(name, Consumer(name=name))


def get_consumer(name: str) -> Consumer:
    try:
        return _consumers[name]
    except KeyError:
        known = ", ".join(sorted(_consumers)) or "none"
        raise ConsumerError(f"no consumer called {name!r} (known consumers: {known})") from None


def all_consumers() -> list[Consumer]:
    return [_consumers[name] for name in sorted(_consumers)]
