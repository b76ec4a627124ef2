"""Cents and Decimal money: exact both ways, refusing what would have to be rounded."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acl.errors import MoneyError
from acl.money import (
    LEGACY_MAX_CENTS,
    MAX_CENTS,
    cents_to_decimal,
    decimal_to_cents,
    legacy_cents,
    money_from_cents,
    money_to_cents,
    money_to_decimal,
)

from .strategies import relaxed

any_cents = st.one_of(
    st.integers(min_value=-MAX_CENTS, max_value=MAX_CENTS),
    st.sampled_from([0, 1, -1, 99, 100, LEGACY_MAX_CENTS, MAX_CENTS, -MAX_CENTS]),
)


@relaxed
@given(any_cents)
def test_cents_to_decimal_and_back_is_identity(cents: int) -> None:
    amount = cents_to_decimal(cents)
    assert amount.as_tuple().exponent == -2
    assert decimal_to_cents(amount) == cents
    assert amount * 100 == cents


@relaxed
@given(any_cents)
def test_clean_money_round_trips_through_cents(cents: int) -> None:
    money = money_from_cents(cents)
    assert money_to_cents(money) == cents
    assert money_from_cents(money_to_cents(money)) == money


@relaxed
@given(any_cents, st.integers(min_value=1, max_value=9), st.integers(min_value=0, max_value=5))
def test_any_fraction_of_a_cent_is_refused(cents: int, sub_cent: int, zeros: int) -> None:
    text = f"{cents_to_decimal(cents)}{'0' * zeros}{sub_cent}"
    with pytest.raises(MoneyError, match="fraction of a cent"):
        money_to_cents({"amount": text, "currency": "GBP"})


@pytest.mark.parametrize(
    ("cents", "amount"),
    [(0, "0.00"), (1, "0.01"), (1299, "12.99"), (100, "1.00"), (10**18, "10000000000000000.00")],
)
def test_amounts_are_two_place_decimal_strings(cents: int, amount: str) -> None:
    assert money_from_cents(cents) == {"amount": amount, "currency": "GBP"}


@pytest.mark.parametrize(
    ("amount", "cents"), [("12.990", 1299), ("12.9", 1290), ("12", 1200), ("0.000", 0)]
)
def test_extra_zero_places_are_whole_cents(amount: str, cents: int) -> None:
    assert money_to_cents({"amount": amount, "currency": "GBP"}) == cents
    assert money_to_decimal({"amount": amount, "currency": "GBP"}) == Decimal(cents) / 100


def test_zero_point_zero_zero_one_is_refused_with_a_clear_message() -> None:
    with pytest.raises(MoneyError) as error:
        money_to_cents({"amount": "0.001", "currency": "GBP"})
    assert str(error.value) == "0.001 has a fraction of a cent; amounts must be whole cents (0.01)"
    with pytest.raises(MoneyError, match="fraction of a cent"):
        decimal_to_cents(Decimal("0.001"))
    with pytest.raises(MoneyError, match="fraction of a cent"):
        decimal_to_cents(Decimal("1E-1000000"))


@pytest.mark.parametrize(
    ("money", "message"),
    [
        ({"amount": 12.99, "currency": "GBP"}, "never a float"),
        ({"amount": "12,99", "currency": "GBP"}, "decimal string such as '12.99'"),
        ({"amount": "1e3", "currency": "GBP"}, "decimal string such as '12.99'"),
        ({"amount": "NaN", "currency": "GBP"}, "decimal string such as '12.99'"),
        ({"amount": " 12.99", "currency": "GBP"}, "decimal string such as '12.99'"),
        ({"amount": "12.99", "currency": "EUR"}, "keeps money in GBP only, got EUR"),
        ({"amount": "12.99", "currency": "gbp"}, "three-letter ISO 4217 code"),
        ({"amount": "12.99"}, 'expected {"amount": "12.99", "currency": "GBP"}'),
        ("12.99", 'expected {"amount": "12.99", "currency": "GBP"}'),
        ({"amount": "1" * 30, "currency": "GBP"}, "too large"),
    ],
)
def test_malformed_money_is_refused_saying_what_to_send(money: object, message: str) -> None:
    with pytest.raises(MoneyError, match=re.escape(message)):
        money_to_cents(money)


@pytest.mark.parametrize("value", [12.5, True, "1299", None, Decimal("Infinity"), Decimal("NaN")])
def test_only_exact_numbers_are_money(value: object) -> None:
    with pytest.raises(MoneyError):
        decimal_to_cents(value)
    if not isinstance(value, Decimal):
        with pytest.raises(MoneyError, match="whole cents as an integer"):
            cents_to_decimal(value)


def test_the_legacy_columns_take_no_negative_or_oversized_amounts() -> None:
    assert legacy_cents({"amount": "21474836.47", "currency": "GBP"}) == LEGACY_MAX_CENTS
    with pytest.raises(
        MoneyError, match=re.escape("too large for the legacy column; at most 21474836.47")
    ):
        legacy_cents({"amount": "21474836.48", "currency": "GBP"})
    with pytest.raises(MoneyError, match=re.escape("-0.01 is negative")):
        legacy_cents({"amount": "-0.01", "currency": "GBP"})


def test_decimal_input_is_accepted_and_normalised_to_two_places() -> None:
    assert money_to_decimal({"amount": Decimal("5"), "currency": "GBP"}) == Decimal("5.00")
    assert str(money_to_decimal({"amount": "5.5", "currency": "GBP"})) == "5.50"
