"""Typed settings read from the environment, and the database and broker URLs of a service."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

REPO_ROOT = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("STRANGLER_VAR_DIR") or REPO_ROOT / "var")
BROKER_URL_ENVS = ("CELERY_BROKER_URL", "RABBITMQ_URL", "BROKER_URL")


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from exc


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_env(name: str, sqlite_file: str) -> dict[str, Any]:
    """A DATABASES entry from `name` (a database URL), or a SQLite file under var/."""
    url = os.environ.get(name)
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / sqlite_file}"
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite in a multi-process demo: wait for the write lock instead of failing at once.
        config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
        config["CONN_MAX_AGE"] = 0
    return config


def broker_url_from_env() -> str | None:
    """The broker's URL: `CELERY_BROKER_URL`, else `RABBITMQ_URL`, else `BROKER_URL`, else None."""
    for name in BROKER_URL_ENVS:
        if os.environ.get(name):
            return os.environ[name]
    return None


def broker_transport_options(url: str, folder: str) -> dict[str, Any]:
    """kombu options for the embedded `filesystem://` broker: shared folders under var/broker/.

    The monolith uses the same folders (`celery` for tasks, `events` for the event bus), so every
    process of the demo meets on one broker. Other transports need no options.
    """
    if not url.startswith("filesystem:"):
        return {}
    root = VAR_DIR / "broker" / folder
    for sub in ("messages", "control", "processed"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(root / "messages"),
        "data_folder_out": str(root / "messages"),
        "control_folder": str(root / "control"),
        "processed_folder": str(root / "processed"),
        "polling_interval": 0.1,
    }
