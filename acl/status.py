"""Order status: the legacy single letters as words and back."""

from enum import StrEnum
from typing import Any

from .errors import UnknownStatusError


class OrderStatus(StrEnum):
    """The clean order status words."""

    PLACED = "placed"
    ON_HOLD = "on_hold"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


LETTER_TO_STATUS: dict[str, OrderStatus] = {
    "N": OrderStatus.PLACED,
    "H": OrderStatus.ON_HOLD,
    "S": OrderStatus.SHIPPED,
    "D": OrderStatus.DELIVERED,
    "C": OrderStatus.CANCELLED,
}
STATUS_TO_LETTER: dict[OrderStatus, str] = {
    word: letter for letter, word in LETTER_TO_STATUS.items()
}

_LETTERS = ", ".join(f"{letter} ({word})" for letter, word in LETTER_TO_STATUS.items())
_WORDS = ", ".join(word.value for word in OrderStatus)


def status_to_word(letter: Any) -> str:
    """The clean word for a legacy status letter (`N` -> `placed`)."""
    status = LETTER_TO_STATUS.get(letter) if isinstance(letter, str) else None
    if status is None:
        raise UnknownStatusError(
            f"unknown legacy order status {letter!r}; the legacy codes are {_LETTERS}"
        )
    return status.value


def status_to_letter(word: Any) -> str:
    """The legacy letter for a clean status word (`on_hold` -> `H`)."""
    try:
        status = OrderStatus(word)
    except ValueError:
        raise UnknownStatusError(
            f"unknown order status {word!r}; expected one of {_WORDS}"
        ) from None
    return STATUS_TO_LETTER[status]
