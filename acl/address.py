"""Addresses: the legacy free-text blob as a structured UK address, and back, losing nothing.

The legacy blob holds one part per line: street lines, town, postcode, and optionally a country
line. A blob parses only when rendering the parsed address gives back the very same text; any
other blob (a postcode not in standard form, blank lines, stray spaces, a country the shop never
wrote) is kept whole as `{"unparsed": "<blob>"}` and renders back byte for byte.
"""

import re
from collections.abc import Mapping
from typing import Any, TypedDict

from .errors import AddressError, at

# Standard-form UK postcode (GOV.UK/Royal Mail letter rules): outward code, one space, inward code.
_OUTWARD = (
    r"[A-PR-UWYZ][0-9][0-9]?"  # A9, A99
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"  # AA9, AA99
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"  # A9A
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]"  # AA9A
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
UK_POSTCODE = re.compile(rf"(?:GIR 0AA|(?:{_OUTWARD}) {_INWARD})")

# One spelling per country, so a parsed country line renders back exactly as it was written.
COUNTRY_NAMES = {"GB": "United Kingdom"}
COUNTRY_CODES = {name: code for code, name in COUNTRY_NAMES.items()}


class Address(TypedDict):
    """A structured address. `country` is an ISO 3166-1 alpha-2 code, or None when not stated."""

    lines: list[str]
    city: str
    postcode: str
    country: str | None


class UnparsedAddress(TypedDict):
    """A legacy blob kept exactly as it was because it does not parse."""

    unparsed: str


CleanAddress = Address | UnparsedAddress


def normalise_uk_postcode(text: str) -> str | None:
    """`text` as a standard-form UK postcode ("sw1a1aa" -> "SW1A 1AA"), or None if it is not one."""
    compact = re.sub(r"\s+", "", text).upper()
    candidate = f"{compact[:-3]} {compact[-3:]}"
    return candidate if UK_POSTCODE.fullmatch(candidate) else None


def _is_part(text: Any) -> bool:
    """One non-blank, trimmed line: what the blob keeps per part."""
    return (
        isinstance(text, str)
        and bool(text)
        and text == text.strip()
        and len(text.splitlines()) == 1
    )


def parse_blob(blob: str) -> CleanAddress | None:
    """The clean address for a legacy blob: None for "", structured, or unparsed (kept)."""
    if not isinstance(blob, str):
        raise AddressError(f"expected the address text, got {blob!r} ({type(blob).__name__})")
    if blob == "":
        return None
    parts = blob.split("\n")
    country = COUNTRY_CODES.get(parts[-1])
    if country is not None:
        parts = parts[:-1]
    if len(parts) >= 3:
        *lines, city, postcode = parts
        address: Address = {"lines": lines, "city": city, "postcode": postcode, "country": country}
        if _is_structured(address) and render_blob(address) == blob:
            return address
    return {"unparsed": blob}


def _is_structured(address: Address) -> bool:
    return (
        all(_is_part(line) for line in address["lines"])
        and _is_part(address["city"])
        and UK_POSTCODE.fullmatch(address["postcode"]) is not None
    )


def render_blob(address: Any) -> str:
    """The legacy blob for a clean address (None renders as "")."""
    if address is None:
        return ""
    if not isinstance(address, Mapping):
        raise AddressError(f"expected an address object or null, got {address!r}")
    if set(address) == {"unparsed"}:
        return _unparsed_text(address["unparsed"])
    validate_address(address)
    country = address["country"]
    tail = [COUNTRY_NAMES[country]] if country is not None else []
    return "\n".join([*address["lines"], address["city"], address["postcode"], *tail])


def _unparsed_text(blob: Any) -> str:
    if not isinstance(blob, str) or blob == "":
        raise AddressError("must be the original non-empty address text", field="unparsed")
    return blob


def validate_address(address: Mapping[str, Any]) -> None:
    """Raise AddressError unless `address` is a structured address the legacy blob can hold."""
    expected = {"lines", "city", "postcode", "country"}
    if set(address) != expected:
        raise AddressError(
            'expected {"lines": [...], "city", "postcode", "country"} or {"unparsed": "<text>"}, '
            f"got the fields {sorted(address)}"
        )
    lines = address["lines"]
    if not isinstance(lines, list) or not lines:
        raise AddressError("must be a non-empty list of street lines", field="lines")
    for index, line in enumerate(lines):
        with at("lines"):
            _check_part(line, field=str(index))
    _check_part(address["city"], field="city")
    postcode = address["postcode"]
    if not isinstance(postcode, str) or not UK_POSTCODE.fullmatch(postcode):
        hint = normalise_uk_postcode(postcode) if isinstance(postcode, str) else None
        fix = f"; did you mean {hint!r}?" if hint else ""
        raise AddressError(
            f"{postcode!r} is not a UK postcode in standard form such as 'SW1A 1AA'{fix} "
            'Keep an address that has none as {"unparsed": "<text>"}',
            field="postcode",
        )
    country = address["country"]
    if country is not None and country not in COUNTRY_NAMES:
        raise AddressError(
            f"{country!r} is not a country the legacy shop stores; use 'GB' or null",
            field="country",
        )


def _check_part(value: Any, *, field: str) -> None:
    if not _is_part(value):
        raise AddressError(
            f"{value!r} must be one line of text, not blank, without leading or trailing spaces",
            field=field,
        )
