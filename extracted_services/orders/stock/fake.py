"""An in-memory stand-in for the products service's reservations, for tests and the saga's unit tests.

It keeps the same promises as the real service (all-or-nothing reserve, idempotent by reservation
id) and can be switched off to behave like a service that is down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from uuid import UUID

from .port import Shortage, StockLine, StockRejected, StockServiceUnavailable

HELD = "held"
CONFIRMED = "confirmed"
RELEASED = "released"


@dataclass
class FakeReservation:
    lines: tuple[StockLine, ...]
    state: str = HELD


@dataclass
class FakeStockReservations:
    """`on_hand` maps product id to free stock; reservations take from it and release gives back."""

    on_hand: dict[UUID, int] = field(default_factory=dict)
    reservations: dict[UUID, FakeReservation] = field(default_factory=dict)
    down: bool = False
    calls: list[tuple[str, UUID | str]] = field(default_factory=list)
    restocked: set[str] = field(default_factory=set)

    def reserve(self, *, reservation_id: UUID, lines: Sequence[StockLine]) -> None:
        self._call("reserve", reservation_id)
        existing = self.reservations.get(reservation_id)
        if existing is not None and existing.state != RELEASED:
            return
        if existing is not None:
            raise StockRejected(f"reservation {reservation_id} was released and cannot be reused")
        shortages = [
            Shortage(line.product_id, line.quantity, self.on_hand.get(line.product_id, 0))
            for line in lines
            if self.on_hand.get(line.product_id, 0) < line.quantity
        ]
        if shortages:
            raise StockRejected(
                "not enough stock for "
                + ", ".join(
                    f"{s.product_id} (wanted {s.wanted}, {s.available} left)" for s in shortages
                ),
                shortages=shortages,
            )
        for line in lines:
            self.on_hand[line.product_id] -= line.quantity
        self.reservations[reservation_id] = FakeReservation(lines=tuple(lines))

    def confirm(self, *, reservation_id: UUID) -> None:
        self._call("confirm", reservation_id)
        reservation = self.reservations.get(reservation_id)
        if reservation is None or reservation.state == RELEASED:
            raise StockRejected(f"reservation {reservation_id} is not held (expired or released)")
        reservation.state = CONFIRMED

    def release(self, *, reservation_id: UUID) -> None:
        self._call("release", reservation_id)
        reservation = self.reservations.get(reservation_id)
        if reservation is None:
            # Remember the release so a late reserve with the same id cannot hold stock again.
            self.reservations[reservation_id] = FakeReservation(lines=(), state=RELEASED)
            return
        if reservation.state == RELEASED:
            return
        for line in reservation.lines:
            self.on_hand[line.product_id] += line.quantity
        reservation.state = RELEASED

    def restock(self, *, key: str, lines: Sequence[StockLine]) -> None:
        self._call("restock", key)
        if key in self.restocked:
            return
        for line in lines:
            self.on_hand[line.product_id] = self.on_hand.get(line.product_id, 0) + line.quantity
        self.restocked.add(key)

    def held_quantity(self, product_id: UUID) -> int:
        """Stock taken by reservations that are held or confirmed."""
        return sum(
            line.quantity
            for reservation in self.reservations.values()
            if reservation.state != RELEASED
            for line in reservation.lines
            if line.product_id == product_id
        )

    def _call(self, name: str, key: UUID | str) -> None:
        if self.down:
            raise StockServiceUnavailable(f"products service is down ({name} {key})")
        self.calls.append((name, key))
