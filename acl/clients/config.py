"""Where each service answers and how patiently it is called, from arguments or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

# Demo ports of ARCHITECTURE §3; the real stack sets the variables.
DEFAULT_URLS = {
    "users": ("USERS_SERVICE_URL", "http://127.0.0.1:8011"),
    "products": ("PRODUCTS_SERVICE_URL", "http://127.0.0.1:8012"),
    "orders": ("ORDERS_SERVICE_URL", "http://127.0.0.1:8013"),
}


@dataclass(frozen=True)
class ClientConfig:
    """How to reach one service.

    `attempts` counts tries of an idempotent call (reads, keyed creates, repeatable commands);
    other writes are tried once. Waits between tries grow from `backoff` seconds, doubling, up
    to `max_backoff`. The caller identity is signed with `issuer` as the token issuer.
    """

    base_url: str
    connect_timeout: float = 1.0
    read_timeout: float = 5.0
    attempts: int = 3
    backoff: float = 0.1
    max_backoff: float = 1.0
    issuer: str = "legacy_monolith"

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("http://", "https://")):
            raise ValueError(
                f"base_url must be an http(s) URL such as 'http://127.0.0.1:8012', "
                f"not {self.base_url!r}"
            )
        if self.attempts < 1:
            raise ValueError(f"attempts must be 1 or more, not {self.attempts}")
        if self.connect_timeout <= 0 or self.read_timeout <= 0:
            raise ValueError("timeouts must be positive numbers of seconds")

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)

    def with_changes(self, **changes: object) -> ClientConfig:
        return replace(self, **changes)  # type: ignore[arg-type]


def config_from_env(service: str, **overrides: object) -> ClientConfig:
    """The config of `service` (`users`, `products`, `orders`) with its URL from the environment."""
    try:
        variable, default = DEFAULT_URLS[service]
    except KeyError:
        known = ", ".join(DEFAULT_URLS)
        raise ValueError(f"unknown service {service!r}; known services: {known}") from None
    return ClientConfig(base_url=os.environ.get(variable, default), **overrides)  # type: ignore[arg-type]
