"""HTTP clients the monolith uses to call the extracted services; they speak the clean vocabulary.

`UsersClient`, `ProductsClient` and `OrdersClient` share `base.ServiceClient` (timeouts,
retries for idempotent calls, signed identity, problem+json as typed errors from `errors`);
`fakes` holds in-memory stand-ins with the same methods for tests.
"""

from .base import MONOLITH, Page, customer_identity
from .config import ClientConfig, config_from_env
from .errors import (
    Conflict,
    InsufficientStock,
    NotFound,
    PermissionDenied,
    ServiceAuthError,
    ServiceError,
    ServiceUnavailable,
    UnexpectedResponse,
    ValidationFailed,
)
from .orders import OrdersClient
from .products import ProductsClient
from .users import UsersClient

__all__ = [
    "MONOLITH",
    "ClientConfig",
    "Conflict",
    "InsufficientStock",
    "NotFound",
    "OrdersClient",
    "Page",
    "PermissionDenied",
    "ProductsClient",
    "ServiceAuthError",
    "ServiceError",
    "ServiceUnavailable",
    "UnexpectedResponse",
    "UsersClient",
    "ValidationFailed",
    "config_from_env",
    "customer_identity",
]
