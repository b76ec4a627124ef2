"""The API refusals the app reacts to, as exceptions built from the legacy error body."""

from dataclasses import dataclass
from typing import Any


class ShopApiError(Exception):
    """Any 4xx from the legacy API: `status`, the machine-readable `code` and its `message`."""

    def __init__(self, *, status: int, code: str, message: str, body: dict[str, Any]):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.body = body


class AuthenticationRequired(ShopApiError):
    """401: no token, or a token the shop no longer accepts; the app sends the user to log in."""


class InvalidCredentials(ShopApiError):
    """400 on login: wrong username or password."""


class NotFound(ShopApiError):
    """404: unknown or withdrawn product, someone else's or unknown order."""


class ValidationFailed(ShopApiError):
    """400: the request was refused field by field; `fields` maps dotted paths to messages."""

    @property
    def fields(self) -> dict[str, list[str]]:
        return dict(self.body.get("fields", {}))


@dataclass(frozen=True)
class Shortage:
    prod_id: int
    prod_name: str
    qty_wanted: int
    qty_on_hand: int


class InsufficientStock(ShopApiError):
    """409 on checkout: some lines want more than is on hand; nothing was ordered."""

    @property
    def shortages(self) -> list[Shortage]:
        return [
            Shortage(
                prod_id=s["prod_id"],
                prod_name=s["prod_name"],
                qty_wanted=s["qty_wanted"],
                qty_on_hand=s["qty_on_hand"],
            )
            for s in self.body["shortages"]
        ]


class NotCancellable(ShopApiError):
    """409 on cancel: the order is shipped, delivered or already cancelled."""

    @property
    def order_status(self) -> str:
        return str(self.body["status"])


_BY_CODE: dict[str, type[ShopApiError]] = {
    "not_authenticated": AuthenticationRequired,
    "authentication_failed": AuthenticationRequired,
    "invalid_credentials": InvalidCredentials,
    "not_found": NotFound,
    "validation_failed": ValidationFailed,
    "insufficient_stock": InsufficientStock,
    "not_cancellable": NotCancellable,
}


def error_from_response(*, status: int, body: Any) -> ShopApiError:
    """The exception for a 4xx answer; a body that is not the legacy error format still raises."""
    if not isinstance(body, dict) or not isinstance(body.get("error"), str):
        return ShopApiError(status=status, code="unexpected", message=str(body)[:200], body={})
    code = body["error"]
    error_class = _BY_CODE.get(code, ShopApiError)
    return error_class(status=status, code=code, message=str(body.get("message", "")), body=body)
