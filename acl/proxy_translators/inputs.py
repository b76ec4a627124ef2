"""The legacy API's input rules in its own words, for refusing what the monolith refuses.

The monolith validates with DRF fields; a legacy client reads their messages ("Ensure this field
has no more than 200 characters."), so the same checks are made here with the same wording
before anything reaches a service.
"""

from __future__ import annotations

from typing import Any

# legacy_monolith/api/pagination.py
MAX_PAGE = 999_999_999
PAGE_MESSAGE = f"must be a whole number from 1 to {MAX_PAGE}"


class Invalid(ValueError):
    """One field's value is refused; `messages` are what the monolith says about it."""

    def __init__(self, *messages: str):
        super().__init__("; ".join(messages))
        self.messages = list(messages)


def page_number(raw: str) -> int:
    """`?page=`: a whole number from 1 (digits only, no sign or spaces)."""
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9 and 1 <= int(raw) <= MAX_PAGE):
        raise Invalid(PAGE_MESSAGE)
    return int(raw)


def char_field(value: Any, *, max_length: int | None = None) -> str:
    """A DRF `CharField(allow_blank=True)`: numbers become text, whitespace is trimmed, then
    the length and the characters are checked (every failed check is reported)."""
    if value is None:
        raise Invalid("This field may not be null.")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Invalid("Not a valid string.")
    text = _drf_text(value).strip()
    messages = []
    if max_length is not None and len(text) > max_length:
        messages.append(f"Ensure this field has no more than {max_length} characters.")
    if "\x00" in text:
        messages.append("Null characters are not allowed.")
    surrogate = next((c for c in text if 0xD800 <= ord(c) <= 0xDFFF), None)
    if surrogate is not None:
        messages.append(f"Surrogate characters are not allowed: U+{ord(surrogate):X}.")
    if messages:
        raise Invalid(*messages)
    return text


def _drf_text(value: str | int | float) -> str:
    return value if isinstance(value, str) else str(value)


def yes_no(value: Any) -> str:
    """The monolith's `YesNoField`: "Y" or "N" (compared as text, as DRF's ChoiceField does)."""
    if value is None:
        raise Invalid("This field may not be null.")
    if str(value) not in ("Y", "N"):
        raise Invalid(f'must be "Y" or "N", not "{value}"')
    return str(value)


def object_body(data: Any) -> dict[str, Any]:
    """A request body must be a JSON object; DRF names what it got instead."""
    if data is None:
        raise Invalid("This field may not be null.")
    if not isinstance(data, dict):
        raise Invalid(f"Invalid data. Expected a dictionary, but got {_python_type(data)}.")
    return data


def _python_type(data: Any) -> str:
    return type(data).__name__
