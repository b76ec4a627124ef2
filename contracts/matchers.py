"""Matchers the consumer tests share: the services' clean vocabulary and the legacy feed's rows.

Each describes a kind of value rather than one value, with a fixed example so that the pact
written is the same on every run (the consumer stage fails on any drift).
"""

from typing import Any

from pact import generate, match
from pact.match.matcher import AbstractMatcher, GenericMatcher

# DRF in the services writes UTC ISO-8601 with a fraction when there is one, and `Z`.
DRF_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
# The legacy change feed writes naive local times without an offset.
LEGACY_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$"
AMOUNT = r"^-?\d+\.\d{2}$"
BEARER_TOKEN = r"^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"
# A token of the right shape; in verification the interaction's caller state signs a real one.
EXAMPLE_TOKEN = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmVkLWJ5LXRoZS1zdGF0ZQ"
PROBLEM_TYPE_BASE = "https://problems.strangler-shop.example/"


def timestamp(example: str = "2025-06-01T09:30:00.412001Z") -> AbstractMatcher[str]:
    return match.regex(example, regex=DRF_TIMESTAMP)


def legacy_timestamp(example: str = "2025-06-01T09:30:00.412001") -> AbstractMatcher[str]:
    return match.regex(example, regex=LEGACY_TIMESTAMP)


def uuid(example: str) -> AbstractMatcher[str]:
    return match.uuid(example)


def money(amount: str = "24.50", currency: str = "GBP") -> dict[str, Any]:
    return {"amount": match.regex(amount, regex=AMOUNT), "currency": currency}


def yes_no(example: str = "Y") -> AbstractMatcher[str]:
    return match.regex(example, regex=r"^[YN]$")


def signed_identity() -> AbstractMatcher[str]:
    """`Authorization: Bearer <signed identity token>`.

    Any token of that shape from the consumer; in verification, the token the interaction's
    caller state ("the caller is ...") signs with the provider's secret is injected instead
    (a provider-state value), since a token recorded in a pact would have expired long before.
    """
    return GenericMatcher(
        "regex",
        EXAMPLE_TOKEN,
        regex=BEARER_TOKEN,
        generator=generate.provider_state("Bearer ${token}"),
    )


def page_of(item: Any, *, count: int = 1) -> dict[str, Any]:
    """One page of a service list: the only page, so no links to others."""
    return {
        "count": match.int(count),
        "next": None,
        "previous": None,
        "results": match.each_like(item),
    }


def empty_page() -> dict[str, Any]:
    return {"count": 0, "next": None, "previous": None, "results": []}


def problem(code: str, status: int, **extra: Any) -> dict[str, Any]:
    """An `application/problem+json` body; the client branches on its type's last part."""
    return {
        "type": f"{PROBLEM_TYPE_BASE}{code}",
        "title": match.str("What kind of problem it is"),
        "status": status,
        "detail": match.str("What went wrong, for a person"),
        **extra,
    }


def field_errors(*fields: str) -> dict[str, Any]:
    """A problem's `errors`: the named fields, each with its messages."""
    return {name: match.each_like(match.str("What is wrong with it")) for name in fields}
