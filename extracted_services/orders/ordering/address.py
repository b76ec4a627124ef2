"""Shipping addresses in the clean vocabulary of acl/README.md: `{"lines", "city", "postcode", "country"}`.

Orders placed here need a structured address; only orders copied from the legacy shop may carry
an address kept as `{"unparsed": "<text>"}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from acl.address import validate_address
from acl.errors import AddressError


def address_problems(address: Any) -> list[str]:
    """What is wrong with `address` as the shipping address of a new order; empty when it is fine."""
    if not isinstance(address, Mapping):
        return ['expected an object {"lines": [...], "city", "postcode", "country"}']
    try:
        validate_address(address)
    except AddressError as exc:
        return [str(exc)]
    return []
