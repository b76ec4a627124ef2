"""Shipping addresses in the clean vocabulary of acl/README.md: `{"lines", "city", "postcode", "country"}`.

Orders placed here need a structured address (only orders copied from the legacy shop may carry
one kept as `{"unparsed": "<text>"}`). A postcode typed loosely ("sw1a1aa") is stored in its
standard form ("SW1A 1AA").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from acl.address import UK_POSTCODE, normalise_uk_postcode, validate_address
from acl.errors import AddressError

FIELDS = ("lines", "city", "postcode", "country")


class ShippingAddressInvalid(ValueError):
    """`errors` maps each address field to what is wrong with it."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items()))


def shipping_address_cleaned(address: Any) -> dict[str, Any]:
    """`address` checked and with its postcode in standard form, or ShippingAddressInvalid."""
    if not isinstance(address, Mapping):
        raise ShippingAddressInvalid(
            {
                "non_field_errors": [
                    'expected an object {"lines": [...], "city", "postcode", "country"}'
                ]
            }
        )
    unknown = sorted(set(address) - set(FIELDS))
    missing = [name for name in FIELDS if name not in address]
    if unknown or missing:
        errors = {name: ["this field is required"] for name in missing}
        errors.update(
            {name: ["unknown field; a new order needs a structured address"] for name in unknown}
        )
        raise ShippingAddressInvalid(errors)
    cleaned = {name: address[name] for name in FIELDS}
    postcode = cleaned["postcode"]
    if isinstance(postcode, str) and not UK_POSTCODE.fullmatch(postcode):
        standard = normalise_uk_postcode(postcode)
        if standard is None:
            raise ShippingAddressInvalid(
                {"postcode": [f"{postcode!r} is not a UK postcode such as 'SW1A 1AA'"]}
            )
        cleaned["postcode"] = standard
    try:
        validate_address(cleaned)
    except AddressError as exc:
        raise ShippingAddressInvalid({exc.field or "non_field_errors": [exc.reason]}) from exc
    return cleaned
