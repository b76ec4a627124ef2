"""Data-plane settings, every value from the environment (see README: "Configuration")."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from yarl import URL

from extracted_services.service_defaults.identity import token_secret
from strangler_proxy.shared_secrets import load_secret

DEFAULT_BACKENDS = (
    "legacy=http://127.0.0.1:8001,control=http://127.0.0.1:8002,users=http://127.0.0.1:8011,"
    "products=http://127.0.0.1:8012,orders=http://127.0.0.1:8013"
)


class SettingsError(ValueError):
    """A setting has a value the proxy cannot use; the message says which and why."""


@dataclass(frozen=True)
class ProxySettings:
    backends: Mapping[str, URL]
    control_plane_url: URL | None = None
    routes_file: str | None = None
    poll_interval: float = 0.3
    identity_secret: str = ""
    override_secret: str = ""
    control_key: str = ""
    whoami_path: str = "/api/whoami/"
    identity_backend: str = "legacy"
    identity_cache_seconds: float = 5.0
    session_cookie: str = "sessionid"
    cohort_cookie: str = "strangler_cohort"
    max_body_bytes: int = 10 * 1024 * 1024
    retry_body_bytes: int = 64 * 1024
    pool_limit: int = 100
    connect_timeout: float = 2.0
    breaker_threshold: int = 5
    breaker_ttl: float = 5.0
    retry_budget_ratio: float = 0.2
    retry_budget_min_per_second: float = 5.0
    rate_limit: str = "100/second"
    rate_limit_storage: str = "async+memory://"
    shadow_queue_size: int = 1000
    shadow_workers: int = 4
    shadow_timeout: float = 2.0
    shadow_max_body_bytes: int = 1024 * 1024
    noise_learning_samples: int = 5
    noise_check_ratio: float = 0.02
    report_interval: float = 1.0
    write_hold_max_queued: int = 1000
    write_hold_max_wait: float = 30.0
    translator_modules: tuple[str, ...] = ("acl.", "strangler_proxy.")
    access_log: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ProxySettings:
        env = os.environ if env is None else env
        backends = parse_backends(env.get("STRANGLER_BACKENDS", DEFAULT_BACKENDS))
        control = env.get("STRANGLER_CONTROL_PLANE_URL")
        if control is None and "control" in backends and not env.get("STRANGLER_ROUTES_FILE"):
            control = str(backends["control"])
        return cls(
            backends=backends,
            control_plane_url=URL(control) if control else None,
            routes_file=env.get("STRANGLER_ROUTES_FILE") or None,
            poll_interval=_float(env, "STRANGLER_POLL_INTERVAL", 0.3),
            identity_secret=token_secret(),
            override_secret=load_secret("override"),
            control_key=load_secret("control"),
            whoami_path=env.get("STRANGLER_WHOAMI_PATH", "/api/whoami/"),
            identity_backend=env.get("STRANGLER_IDENTITY_BACKEND", "legacy"),
            identity_cache_seconds=_float(env, "STRANGLER_IDENTITY_CACHE_SECONDS", 5.0),
            max_body_bytes=_int(env, "STRANGLER_MAX_BODY_BYTES", 10 * 1024 * 1024),
            pool_limit=_int(env, "STRANGLER_POOL_LIMIT", 100),
            breaker_threshold=_int(env, "STRANGLER_BREAKER_THRESHOLD", 5),
            breaker_ttl=_float(env, "STRANGLER_BREAKER_TTL", 5.0),
            rate_limit=env.get("STRANGLER_RATE_LIMIT", "100/second"),
            rate_limit_storage=env.get("STRANGLER_RATE_LIMIT_STORAGE", "async+memory://"),
            shadow_queue_size=_int(env, "STRANGLER_SHADOW_QUEUE_SIZE", 1000),
            shadow_timeout=_float(env, "STRANGLER_SHADOW_TIMEOUT", 2.0),
            write_hold_max_queued=_int(env, "STRANGLER_WRITE_HOLD_MAX_QUEUED", 1000),
            write_hold_max_wait=_float(env, "STRANGLER_WRITE_HOLD_MAX_WAIT", 30.0),
            access_log=env.get("STRANGLER_ACCESS_LOG", "1") not in {"0", "false", "no", "off"},
        )


def parse_backends(raw: str) -> dict[str, URL]:
    """`name=http://host:port,...`: the only hosts the proxy will ever connect to."""
    backends: dict[str, URL] = {}
    for item in filter(None, (part.strip() for part in raw.split(","))):
        name, sep, url = item.partition("=")
        parsed = URL(url.strip())
        if not sep or parsed.scheme not in {"http", "https"} or not parsed.host:
            raise SettingsError(
                f"STRANGLER_BACKENDS entry {item!r}: expected name=http://host:port"
            )
        backends[name.strip()] = parsed.with_path("/")
    if "legacy" not in backends:
        raise SettingsError("STRANGLER_BACKENDS must name a legacy backend (legacy=http://...)")
    return backends


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    try:
        return int(env.get(name, default))
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {env.get(name)!r}") from None


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    try:
        return float(env.get(name, default))
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {env.get(name)!r}") from None
