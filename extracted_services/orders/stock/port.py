"""What the orders service needs from stock: reserve, confirm and release, keyed by order id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class StockLine:
    """One product and how many of it an order needs."""

    product_id: UUID
    quantity: int


@dataclass(frozen=True)
class Shortage:
    product_id: UUID
    wanted: int
    available: int | None = None


class StockError(Exception):
    """Base of everything the stock port raises."""


class StockRejected(StockError):
    """The products service said no (not enough stock, not on sale, reservation gone).

    Retrying will not help: the saga compensates and rejects the order with this message.
    """

    def __init__(self, message: str, *, shortages: Sequence[Shortage] = ()):
        super().__init__(message)
        self.shortages = tuple(shortages)


class StockServiceUnavailable(StockError):
    """The products service could not be reached or failed; the same call may succeed later."""


class StockReservations(Protocol):
    """Stock reservations in the products service.

    Every call is idempotent for the same `reservation_id` (the order id): reserving twice holds
    the stock once, confirming or releasing twice is a no-op the second time, and releasing a
    reservation that never existed succeeds (and closes the id, so a late reserve cannot hold
    stock). That is what lets the saga repeat a step after a crash.
    """

    def reserve(self, *, reservation_id: UUID, lines: Sequence[StockLine]) -> None:
        """Hold the stock for every line, all or nothing; `StockRejected` when any is short."""

    def confirm(self, *, reservation_id: UUID) -> None:
        """Turn a held reservation into a sale; `StockRejected` if it expired or was released."""

    def release(self, *, reservation_id: UUID) -> None:
        """Give the stock back, whether the reservation is held or already confirmed."""

    def restock(self, *, key: str, lines: Sequence[StockLine]) -> None:
        """Put stock back for an order that has no reservation (one placed in the legacy shop).

        Idempotent by `key`: the same key adds the stock once, however often it is sent.
        """
