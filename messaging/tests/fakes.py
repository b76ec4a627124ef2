"""A scripted in-memory publisher for relay tests."""

import threading
import time
from collections.abc import Sequence

from messaging.envelope import parse
from messaging.publishers import Outgoing, PublishFailed


class FakePublisher:
    """Confirms everything unless told to refuse (`nack`) or to drop the connection (`fail_on_wave`).

    Records each wave and, per message, when it was sent and confirmed.
    """

    def __init__(
        self, *, nack: Sequence[str] = (), fail_on_wave: int | None = None, delay: float = 0.0
    ):
        self.nack = set(nack)
        self.fail_on_wave = fail_on_wave
        self.delay = delay
        self.waves: list[list[Outgoing]] = []
        self.sent_at: dict[str, float] = {}
        self.confirmed_at: dict[str, float] = {}
        self.log: list[tuple[str, str, int]] = []  # (event id, subject, sequence) as sent
        self._lock = threading.Lock()
        self.closed = False

    def publish(self, messages: Sequence[Outgoing]) -> list[str | None]:
        with self._lock:
            self.waves.append(list(messages))
            wave_number = len(self.waves)
            for message in messages:
                event = parse(message.body)
                self.sent_at[message.message_id] = time.monotonic()
                self.log.append((event.id, event.subject, event.sequence))
        if self.fail_on_wave == wave_number:
            raise PublishFailed("connection reset by broker", confirmed={0})
        if self.delay:
            time.sleep(self.delay)
        outcome: list[str | None] = []
        for message in messages:
            if message.message_id in self.nack:
                outcome.append("the broker refused the message (basic.nack)")
            else:
                with self._lock:
                    self.confirmed_at[message.message_id] = time.monotonic()
                outcome.append(None)
        return outcome

    def close(self) -> None:
        self.closed = True

    @property
    def sent_ids(self) -> list[str]:
        return [message.message_id for wave in self.waves for message in wave]
