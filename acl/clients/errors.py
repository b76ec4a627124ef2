"""Typed errors of the service clients, mapped from the services' `application/problem+json`.

Every error carries the service, the HTTP status, the problem code (the last part of the
problem's `type`, e.g. `insufficient-stock`) and its `detail`, so a caller can branch on the
class and show or log the detail as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ServiceError(Exception):
    """A call to a service did not succeed; `str(error)` names the service and says why."""

    def __init__(
        self,
        detail: str,
        *,
        service: str,
        status: int | None = None,
        code: str = "",
        body: Mapping[str, Any] | None = None,
    ):
        self.detail = detail
        self.service = service
        self.status = status
        self.code = code
        self.body: dict[str, Any] = dict(body or {})
        super().__init__(f"{service} service: {detail}")


class ServiceUnavailable(ServiceError):
    """No usable answer: connection refused, timeout, 5xx or 429. Safe calls were retried first."""


class ServiceAuthError(ServiceError):
    """401: the service refused our identity token (a wrong SERVICE_TOKEN_SECRET, or a clock skew)."""


class PermissionDenied(ServiceError):
    """403: the identity we called with may not do this (e.g. a customer asking for another's data)."""


class NotFound(ServiceError):
    """404: the thing asked for does not exist, or is not visible to the caller."""


class Conflict(ServiceError):
    """409: the request is valid but the current state refuses it (taken email, shipped order)."""


class InsufficientStock(Conflict):
    """409 `insufficient-stock` (products) or `order-rejected` (orders: the saga found too little).

    `order` is the rejected order (clean dict) when the orders service sent one.
    """

    @property
    def order(self) -> dict[str, Any] | None:
        order = self.body.get("order")
        return order if isinstance(order, dict) else None


class ValidationFailed(ServiceError):
    """400 / 422: the request was refused as invalid; `errors` maps each field to its messages."""

    @property
    def errors(self) -> dict[str, list[str]]:
        return flatten_errors(self.body.get("errors"))


class UnexpectedResponse(ServiceError):
    """The service answered with something the client does not understand (not JSON, odd status)."""


def flatten_errors(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as dotted paths: `{"lines": [{"quantity": ["..."]}]}` becomes
    `{"lines.0.quantity": ["..."]}`; errors of the whole request are under `""`."""
    if errors is None:
        return {}
    if isinstance(errors, str):
        return {prefix: [errors]}
    if isinstance(errors, Mapping):
        items: list[tuple[Any, Any]] = list(errors.items())
    elif isinstance(errors, list) and all(isinstance(item, str) for item in errors):
        return {prefix: list(errors)} if errors else {}
    elif isinstance(errors, list):
        items = list(enumerate(errors))
    else:
        return {prefix: [str(errors)]}
    flat: dict[str, list[str]] = {}
    for key, value in items:
        path = prefix if key == "non_field_errors" else (f"{prefix}.{key}" if prefix else str(key))
        for name, messages in flatten_errors(value, path).items():
            flat.setdefault(name, []).extend(messages)
    return flat
