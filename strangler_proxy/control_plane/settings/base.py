"""Control-plane settings; every value from the environment.

The database is a SQLite file under var/ unless CONTROL_PLANE_DATABASE_URL names another one
(e.g. postgres://...). The control plane is served under /_strangler/ both on its own port and
through the proxy, so every URL it generates works either way.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url

from strangler_proxy.shared_secrets import REPO_ROOT, load_secret

VAR_DIR = Path(os.environ.get("STRANGLER_VAR_DIR", REPO_ROOT / "var"))
BASE_DIR = Path(__file__).resolve().parents[1]


def _database() -> dict[str, Any]:
    url = os.environ.get("CONTROL_PLANE_DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'control_plane.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several processes (and the switch's waiting thread) share the file: wait for the lock.
        config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
        config["CONN_MAX_AGE"] = 0
    return dict(config)


SECRET_KEY = os.environ.get("CONTROL_PLANE_SECRET_KEY") or load_secret("control")
DEBUG = os.environ.get("CONTROL_PLANE_DEBUG", "").lower() in {"1", "true", "yes"}
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("CONTROL_PLANE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
# The proxy sets X-Forwarded-Host/Proto: links and CSRF checks use what the browser sees.
USE_X_FORWARDED_HOST = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in os.environ.get(
        "CONTROL_PLANE_CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000"
    ).split(",")
    if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "strangler_proxy.control_plane.features",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "strangler_proxy.control_plane.urls"
WSGI_APPLICATION = "strangler_proxy.control_plane.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-gb"
STATIC_URL = "/_strangler/static/"
STATIC_ROOT = VAR_DIR / "control_plane_static"
LOGIN_URL = "/_strangler/admin/login/"
SESSION_COOKIE_NAME = "strangler_session"
CSRF_COOKIE_NAME = "strangler_csrftoken"
SESSION_COOKIE_PATH = "/_strangler/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "strangler_proxy.control_plane.features.api.authentication.ProxyKeyAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.BasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "strangler_proxy.control_plane.features.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}


def _sync_database(env_name: str, sqlite_file: str) -> str:
    """Where the drain hook reads a project's outbox and inbox (the URL backfill uses too)."""
    return os.environ.get(env_name) or f"sqlite:///{VAR_DIR / sqlite_file}"


# The control plane's own knobs; tests flip them with override_settings.
STRANGLER_CONTROL: dict[str, Any] = {
    # "module:function" of an async drain(feature, direction, timeout) that returns once sync
    # has applied everything (direction "forward": legacy → service; "reverse": back).
    "DRAIN_HOOK": os.environ.get(
        "STRANGLER_DRAIN_HOOK", "strangler_proxy.control_plane.features.drain:drain"
    ),
    # Read only, by the drain hook: each project's outbox and inbox (features/drain.py).
    "SYNC_DATABASES": {
        "legacy": _sync_database("LEGACY_DATABASE_URL", "legacy_monolith.sqlite3"),
        "users": _sync_database("USERS_DATABASE_URL", "users.sqlite3"),
        "products": _sync_database("PRODUCTS_DATABASE_URL", "products.sqlite3"),
        "orders": _sync_database("ORDERS_DATABASE_URL", "orders.sqlite3"),
    },
    "DRAIN_TIMEOUT_SECONDS": float(os.environ.get("STRANGLER_DRAIN_TIMEOUT", "30")),
    # The shortest hold: longer than the monolith's ports keep a copy of the stages (0.5 s,
    # legacy_monolith/ports/stages.py), so they have seen the hold before the flip.
    "MIN_HOLD_SECONDS": float(os.environ.get("STRANGLER_MIN_HOLD", "0.6")),
    # How long the switch waits for every live proxy worker to hold writes and go idle.
    "SETTLE_TIMEOUT_SECONDS": float(os.environ.get("STRANGLER_SETTLE_TIMEOUT", "10")),
    "WORKER_LIVENESS_SECONDS": 2.0,
    # What a forward move must show (features/gates.py); STRANGLER_GATES=off skips them all.
    "GATES": {
        "ENABLED": os.environ.get("STRANGLER_GATES", "on").lower() not in {"0", "off", "no"},
        "SHADOW_MIN_SAMPLES": 200,
        "SHADOW_MAX_MISMATCH_RATE": 0.01,
        "CANARY_MIN_REQUESTS": 200,
        "CANARY_MAX_ERROR_RATE": 0.01,
        "CANARY_WINDOW_MINUTES": 60,
        "SYNC_MAX_LAG_SECONDS": 10.0,
        # Below the CLI's 60 s wait for an answer.
        "RECONCILE_TIMEOUT_SECONDS": 45.0,
    },
    "TRAFFIC_WINDOW_MINUTES": 5,
    "CONTROL_KEY": load_secret("control"),
    "OVERRIDE_SECRET": load_secret("override"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
