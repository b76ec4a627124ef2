"""Publishing to the broker: pipelined publisher confirms on AMQP, plain writes when embedded.

`publish()` takes a whole wave of messages and returns once the broker has answered for each:
`None` for a confirmed message, the reason for a refused one. A lost connection or a missing
confirm raises BrokerUnavailable; its `confirmed` set says which messages were confirmed.
"""

import contextlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import amqp
from amqp.exceptions import AMQPError
from kombu import Connection, Producer
from kombu.exceptions import KombuError

from . import broker, conf
from .broker import BrokerUnavailable
from .envelope import CONTENT_TYPE
from .topology import events_exchange

CONNECTION_ERRORS = (OSError, AMQPError, KombuError)


@dataclass(frozen=True)
class Outgoing:
    """One message: a CloudEvent body and where it goes (exchange "" means the queue itself)."""

    body: bytes
    exchange: str
    routing_key: str
    message_id: str
    type: str
    headers: dict[str, Any] = field(default_factory=dict)

    def properties(self) -> dict[str, Any]:
        return {
            "content_type": CONTENT_TYPE,
            "content_encoding": "utf-8",
            "delivery_mode": 2,
            "message_id": self.message_id,
            "type": self.type,
            "timestamp": int(time.time()),
        }


class PublishFailed(BrokerUnavailable):
    def __init__(self, message: str, confirmed: set[int] | None = None):
        super().__init__(message)
        self.confirmed = confirmed or set()


class Publisher(Protocol):
    def publish(self, messages: Sequence[Outgoing]) -> list[str | None]: ...

    def close(self) -> None: ...


class ConfirmingPublisher:
    """AMQP publisher that sends a whole wave before waiting, then collects the confirms.

    RabbitMQ acknowledges confirms cumulatively (`multiple`), so a wave of hundreds of
    messages costs about one round trip instead of one per message.
    """

    def __init__(self, url: str | None = None, confirm_timeout: float | None = None):
        self._url = url
        self._confirm_timeout = confirm_timeout
        self._kombu: Connection | None = None
        self._channel: Any = None
        self._next_tag = 1
        self._waiting: dict[int, int] = {}
        self._outcome: list[str | None] = []
        self._answered: set[int] = set()

    def _connect(self) -> None:
        if self._channel is not None:
            return
        connection = broker.connection(self._url)
        try:
            connection.connect()
            channel = connection.connection.channel()
            exchange = events_exchange()
            channel.exchange_declare(exchange.name, exchange.type, durable=True, auto_delete=False)
            channel.confirm_select()
        except CONNECTION_ERRORS as exc:
            connection.release()
            raise PublishFailed(f"cannot reach the broker: {exc}") from exc
        channel.events["basic_ack"].add(self._on_ack)
        channel.events["basic_nack"].add(self._on_nack)
        self._kombu, self._channel, self._next_tag = connection, channel, 1

    def _resolve(self, delivery_tag: int, multiple: bool, reason: str | None) -> None:
        tags = [t for t in self._waiting if t <= delivery_tag] if multiple else [delivery_tag]
        for tag in tags:
            index = self._waiting.pop(tag, None)
            if index is not None:
                self._outcome[index] = reason
                self._answered.add(index)

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        self._resolve(delivery_tag, multiple, None)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._resolve(delivery_tag, multiple, "the broker refused the message (basic.nack)")

    @contextlib.contextmanager
    def _one_write(self) -> Iterator[None]:
        """Hand the frames of a whole wave to the socket in one system call, not one each.

        py-amqp writes every frame with its own `sendall`; collecting them first saves a
        system call per message, which is most of the relay's CPU time on small events.
        """
        transport = self._kombu.connection.transport  # type: ignore[union-attr]
        send = transport._write
        frames = bytearray()
        transport._write = frames.extend
        try:
            yield
        finally:
            transport._write = send
        transport.write(bytes(frames))

    def publish(self, messages: Sequence[Outgoing]) -> list[str | None]:
        self._connect()
        self._waiting, self._answered = {}, set()
        self._outcome = [None] * len(messages)
        timeout = self._confirm_timeout or conf.get("RELAY_CONFIRM_TIMEOUT")
        try:
            with self._one_write():
                for index, message in enumerate(messages):
                    self._waiting[self._next_tag] = index
                    self._next_tag += 1
                    self._channel.basic_publish(
                        amqp.Message(
                            message.body,
                            application_headers=message.headers,
                            **message.properties(),
                        ),
                        exchange=message.exchange,
                        routing_key=message.routing_key,
                    )
            deadline = time.monotonic() + timeout
            while self._waiting:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no publisher confirm within {timeout:g}s")
                try:
                    self._kombu.connection.drain_events(timeout=remaining)  # type: ignore[union-attr]
                except TimeoutError:
                    continue
        except CONNECTION_ERRORS as exc:
            confirmed = {i for i in self._answered if self._outcome[i] is None}
            self.close()
            raise PublishFailed(f"publishing failed: {exc}", confirmed) from exc
        return self._outcome

    def close(self) -> None:
        if self._kombu is not None:
            with contextlib.suppress(*CONNECTION_ERRORS):
                self._kombu.release()
        self._kombu, self._channel = None, None


class EmbeddedPublisher:
    """Publisher for kombu's virtual transports (the embedded broker): a write is the confirm."""

    def __init__(self, url: str | None = None):
        self._url = url
        self._connection: Connection | None = None
        self._producer: Producer | None = None

    def publish(self, messages: Sequence[Outgoing]) -> list[str | None]:
        try:
            if self._producer is None:
                self._connection = broker.connection(self._url)
                channel = self._connection.channel()
                events_exchange().bind(channel).declare()
                self._producer = Producer(channel)
            for message in messages:
                self._producer.publish(
                    message.body,
                    exchange=message.exchange,
                    routing_key=message.routing_key,
                    headers=message.headers,
                    **message.properties(),
                )
        except CONNECTION_ERRORS as exc:
            self.close()
            raise PublishFailed(f"publishing failed: {exc}") from exc
        return [None] * len(messages)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.release()
        self._connection, self._producer = None, None


def publisher_for(url: str | None = None) -> Publisher:
    """The right publisher for the broker URL (default: `MESSAGING["BROKER_URL"]`)."""
    if broker.is_embedded(url):
        return EmbeddedPublisher(url)
    return ConfirmingPublisher(url)
