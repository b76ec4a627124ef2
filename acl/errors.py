"""The errors a translation raises: each names the field and says what to send instead."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class TranslationError(ValueError):
    """A value cannot be translated; `field` is its dotted path (e.g. `order.lines.0.quantity`)."""

    def __init__(self, reason: str, *, field: str | None = None):
        self.reason = reason
        self.field = field
        super().__init__(f"{field}: {reason}" if field else reason)

    def nested_in(self, outer: str) -> TranslationError:
        """The same error, its field path prefixed with `outer`."""
        path = f"{outer}.{self.field}" if self.field else outer
        return type(self)(self.reason, field=path)


class MoneyError(TranslationError):
    """An amount that is not whole cents, has the wrong currency or does not fit the column."""


class ClockError(TranslationError):
    """A timestamp without the expected timezone information, or out of range."""


class AddressError(TranslationError):
    """A structured address the legacy blob cannot hold without losing something."""


class UnknownStatusError(TranslationError):
    """An order status letter or word that neither vocabulary knows."""


class FlagError(TranslationError):
    """A `Y`/`N` flag or a boolean that is neither."""


class IdError(TranslationError):
    """A malformed id, or a UUID and legacy id that do not belong together."""


class UnmappedIdError(IdError):
    """A UUID minted on the new side that has no legacy id yet."""


@contextmanager
def at(field: str | int) -> Iterator[None]:
    """Prefix the field path of any translation error raised inside the block with `field`."""
    try:
        yield
    except TranslationError as error:
        raise error.nested_in(str(field)) from None
