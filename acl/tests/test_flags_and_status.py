"""Y/N flags and order status letters: every value both ways, anything else a clear error."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acl.errors import FlagError, UnknownStatusError
from acl.flags import bool_to_yn, yn_to_bool
from acl.status import LETTER_TO_STATUS, OrderStatus, status_to_letter, status_to_word

from .strategies import relaxed


@pytest.mark.parametrize(("flag", "value"), [("Y", True), ("N", False)])
def test_flags_translate_both_ways(flag: str, value: bool) -> None:
    assert yn_to_bool(flag) is value
    assert bool_to_yn(value) == flag


@relaxed
@given(st.booleans())
def test_bool_to_flag_and_back_is_identity(value: bool) -> None:
    assert yn_to_bool(bool_to_yn(value)) is value


@pytest.mark.parametrize("flag", ["y", "n", "", "YES", " Y", None, True, 1])
def test_anything_but_y_or_n_is_refused(flag: object) -> None:
    with pytest.raises(FlagError) as error:
        yn_to_bool(flag)
    assert str(error.value) == f"expected the legacy flag 'Y' or 'N', got {flag!r}"


@pytest.mark.parametrize("value", [1, 0, "Y", "true", None])
def test_only_booleans_become_flags(value: object) -> None:
    with pytest.raises(FlagError, match="expected true or false"):
        bool_to_yn(value)


@pytest.mark.parametrize(
    ("letter", "word"),
    [("N", "placed"), ("H", "on_hold"), ("S", "shipped"), ("D", "delivered"), ("C", "cancelled")],
)
def test_every_status_letter_has_its_word_and_back(letter: str, word: str) -> None:
    assert status_to_word(letter) == word
    assert status_to_letter(word) == letter


def test_the_mapping_covers_every_word_once() -> None:
    assert sorted(LETTER_TO_STATUS.values()) == sorted(OrderStatus)


@relaxed
@given(st.sampled_from(sorted(LETTER_TO_STATUS)))
def test_letter_to_word_and_back_is_identity(letter: str) -> None:
    assert status_to_letter(status_to_word(letter)) == letter


@relaxed
@given(st.sampled_from([s.value for s in OrderStatus]))
def test_word_to_letter_and_back_is_identity(word: str) -> None:
    assert status_to_word(status_to_letter(word)) == word


@relaxed
@given(st.text().filter(lambda s: s not in LETTER_TO_STATUS))
def test_every_unknown_letter_is_refused(letter: str) -> None:
    with pytest.raises(UnknownStatusError):
        status_to_word(letter)


def test_unknown_letter_message_lists_the_codes() -> None:
    with pytest.raises(UnknownStatusError) as error:
        status_to_word("X")
    assert str(error.value) == (
        "unknown legacy order status 'X'; the legacy codes are N (placed), H (on_hold), "
        "S (shipped), D (delivered), C (cancelled)"
    )
    with pytest.raises(UnknownStatusError, match="unknown legacy order status 'n'"):
        status_to_word("n")
    with pytest.raises(UnknownStatusError, match="unknown legacy order status None"):
        status_to_word(None)


def test_unknown_word_message_lists_the_words() -> None:
    with pytest.raises(UnknownStatusError) as error:
        status_to_letter("pending")
    assert str(error.value) == (
        "unknown order status 'pending'; expected one of placed, on_hold, shipped, delivered, "
        "cancelled"
    )
    with pytest.raises(UnknownStatusError, match="unknown order status 'N'"):
        status_to_letter("N")
