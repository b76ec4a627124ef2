"""Which stock reservations implementation the service uses: the HTTP client, or a stand-in for tests."""

from collections.abc import Iterator
from contextlib import contextmanager

from .port import StockReservations

_replacement: StockReservations | None = None


def stock_reservations() -> StockReservations:
    """The implementation to call now: the products service over HTTP unless replaced."""
    if _replacement is not None:
        return _replacement
    from .http_client import HttpStockReservations

    return HttpStockReservations.from_settings()


@contextmanager
def stock_reservations_replaced(implementation: StockReservations) -> Iterator[StockReservations]:
    """Use `implementation` instead of the HTTP client inside the block (tests, demo without products)."""
    global _replacement
    previous, _replacement = _replacement, implementation
    try:
        yield implementation
    finally:
        _replacement = previous
