"""What order writes refuse, each with a message that says what is wrong and what to do instead."""

from __future__ import annotations


class OrderError(Exception):
    """Base of the ordering app's domain errors."""


class OrderInvalid(OrderError):
    """The request cannot become an order; `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items()))


class OrderNotFound(OrderError):
    def __init__(self, order_id: object):
        super().__init__(f"there is no order {order_id}")


class OrderStateConflict(OrderError):
    """The order's current status does not allow the change (e.g. cancelling a shipped order);
    `status` is that status when the conflict is about it."""

    def __init__(self, message: str, *, status: str | None = None):
        super().__init__(message)
        self.status = status
