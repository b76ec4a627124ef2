"""Money: legacy integer cents as `Decimal` amounts with a currency, and back, never rounding."""

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypedDict

from .errors import MoneyError

LEGACY_CURRENCY = "GBP"
# Legacy money columns are PositiveIntegerField: PostgreSQL `integer`.
LEGACY_MAX_CENTS = 2**31 - 1
# Anything wider than a signed 64-bit count of cents is not money this shop will ever see.
MAX_CENTS = 2**63 - 1

_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_CURRENCY = re.compile(r"[A-Z]{3}")


class Money(TypedDict):
    """Clean money: `{"amount": "12.99", "currency": "GBP"}`, the amount a decimal string."""

    amount: str
    currency: str


def cents_to_decimal(cents: Any) -> Decimal:
    """Whole cents as an exact two-place `Decimal` (1299 -> Decimal("12.99"))."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise MoneyError(
            f"expected whole cents as an integer, got {cents!r} ({type(cents).__name__})"
        )
    _check_range(cents)
    # Built from a string so no decimal context can round it.
    return Decimal(f"{cents}e-2")


def decimal_to_cents(amount: Any) -> int:
    """A `Decimal` (or int) amount as whole cents; a fraction of a cent is refused, not rounded."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise MoneyError(
            f"expected a Decimal amount, got {amount!r} ({type(amount).__name__}); "
            "send money as a decimal string such as '12.99', never a float"
        )
    if isinstance(amount, int):
        amount = Decimal(amount)
    if not amount.is_finite():
        raise MoneyError(f"{amount} is not an amount of money")
    sign, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)  # finite, checked above
    number = int("".join(map(str, digits)) or "0")
    shift = exponent + 2  # from the amount's last digit to cents
    if number == 0:
        return 0
    if shift >= 0:
        if len(digits) + shift > 19:  # more digits than MAX_CENTS has: refuse before building it
            raise MoneyError(f"{amount} is too large; at most {cents_to_decimal(MAX_CENTS)}")
        cents = number * 10**shift
    else:
        # Digits past the cents are allowed only when they are all zero ("12.990").
        if -shift > len(digits):
            raise _fraction_of_a_cent(amount)
        cents, remainder = divmod(number, 10**-shift)
        if remainder:
            raise _fraction_of_a_cent(amount)
    cents = -cents if sign else cents
    _check_range(cents)
    return cents


def _fraction_of_a_cent(amount: Decimal) -> MoneyError:
    return MoneyError(f"{amount} has a fraction of a cent; amounts must be whole cents (0.01)")


def _check_range(cents: int) -> None:
    if abs(cents) > MAX_CENTS:
        raise MoneyError(f"{cents} cents is too large; at most {MAX_CENTS}")


def money_from_cents(cents: Any, *, currency: str = LEGACY_CURRENCY) -> Money:
    """Clean money for legacy cents (1299 -> {"amount": "12.99", "currency": "GBP"})."""
    return {"amount": format(cents_to_decimal(cents), "f"), "currency": currency}


def money_to_decimal(money: Any, *, currency: str = LEGACY_CURRENCY) -> Decimal:
    """The `Decimal` amount of clean money, checked to be in `currency` and whole cents."""
    if not isinstance(money, Mapping) or set(money) != {"amount", "currency"}:
        raise MoneyError(f'expected {{"amount": "12.99", "currency": "{currency}"}}, got {money!r}')
    found = money["currency"]
    if not isinstance(found, str) or not _CURRENCY.fullmatch(found):
        raise MoneyError(
            f"currency must be a three-letter ISO 4217 code such as 'GBP', got {found!r}"
        )
    if found != currency:
        raise MoneyError(f"the legacy shop keeps money in {currency} only, got {found}")
    amount = money["amount"]
    if isinstance(amount, str):
        if not _AMOUNT.fullmatch(amount):
            raise MoneyError(f"amount must be a decimal string such as '12.99', got {amount!r}")
        amount = Decimal(amount)
    # Refuses floats, non-finite values and fractions of a cent; the result has two places.
    return cents_to_decimal(decimal_to_cents(amount))


def money_to_cents(money: Any, *, currency: str = LEGACY_CURRENCY) -> int:
    """Legacy cents for clean money ({"amount": "12.99", ...} -> 1299)."""
    return decimal_to_cents(money_to_decimal(money, currency=currency))


def legacy_cents(money: Any) -> int:
    """Cents for a legacy money column: GBP, not negative, within the column's range."""
    cents = money_to_cents(money, currency=LEGACY_CURRENCY)
    if cents < 0:
        raise MoneyError(
            f"{money['amount']} is negative; the legacy shop stores no negative amounts"
        )
    if cents > LEGACY_MAX_CENTS:
        raise MoneyError(
            f"{money['amount']} is too large for the legacy column; "
            f"at most {cents_to_decimal(LEGACY_MAX_CENTS)}"
        )
    return cents
