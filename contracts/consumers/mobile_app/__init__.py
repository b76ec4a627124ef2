"""The "mobile app": a client of the shop's legacy JSON API (`legacy_monolith/api/API.md`)."""

from .client import LegacyShopClient
from .errors import (
    AuthenticationRequired,
    InsufficientStock,
    InvalidCredentials,
    NotCancellable,
    NotFound,
    ShopApiError,
    ValidationFailed,
)

__all__ = [
    "AuthenticationRequired",
    "InsufficientStock",
    "InvalidCredentials",
    "LegacyShopClient",
    "NotCancellable",
    "NotFound",
    "ShopApiError",
    "ValidationFailed",
]
