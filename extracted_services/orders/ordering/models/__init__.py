"""Models of the ordering app: the order aggregate and the persisted saga state."""

from .order import UNSHIPPED_STATUSES, Order, OrderLine, OrderStatus
from .saga import ACTIVE_SAGA_STATES, OrderSaga, SagaKind, SagaState, SagaStep

__all__ = [
    "ACTIVE_SAGA_STATES",
    "UNSHIPPED_STATUSES",
    "Order",
    "OrderLine",
    "OrderSaga",
    "OrderStatus",
    "SagaKind",
    "SagaState",
    "SagaStep",
]
