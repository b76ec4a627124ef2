"""Settings shared by every extracted service; a service's base.py star-imports this module.

A service then sets only what is its own: SERVICE_NAME, ROOT_URLCONF, WSGI_APPLICATION,
INSTALLED_APPS (via `installed_apps(...)`), DATABASES and SPECTACULAR_SETTINGS (via
`spectacular_settings(...)`).
"""

from __future__ import annotations

from typing import Any

import structlog

from extracted_services.service_defaults.env import (
    broker_transport_options,
    broker_url_from_env,
    env_bool,
    env_int,
    env_list,
    env_str,
)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-demo-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

SHARED_APPS = [
    "rest_framework",
    "drf_spectacular",
    "extracted_services.service_defaults",
    "extracted_services.service_defaults.backfill",
]

# The `legacy` alias a service's settings may add (backfill/reconcile only) gets no models.
DATABASE_ROUTERS = ["extracted_services.service_defaults.backfill.database.LegacyDatabaseRouter"]

MIDDLEWARE = [
    "extracted_services.service_defaults.request_logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The clean side: aware datetimes, stored and served in UTC.
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-gb"
USE_I18N = False

# Only JSON APIs: no static files, sessions or templates of their own beyond DRF's.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {},
    },
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "extracted_services.service_defaults.authentication.BearerIdentityAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": (
        "extracted_services.service_defaults.pagination.PageNumberPagination"
    ),
    "PAGE_SIZE": env_int("SERVICE_PAGE_SIZE", 20),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "extracted_services.service_defaults.problems.problem_exception_handler",
    # No django.contrib.auth in the services: an unauthenticated request has no user at all.
    "UNAUTHENTICATED_USER": None,
    "COERCE_DECIMAL_TO_STRING": True,
    # OPTIONS answers 405: the OpenAPI schema describes the API, and DRF's metadata crashed
    # (500) on views without a queryset, such as the legacy-id PUTs.
    "DEFAULT_METADATA_CLASS": None,
}

# The embedded demo's broker unless a URL is set (see env.broker_url_from_env).
BROKER_URL = broker_url_from_env() or "filesystem://"

# Namespaced defaults read at call time, so tests can flip them with override_settings.
SERVICE_DEFAULTS = {
    "BROKER_URL": BROKER_URL,
    "BROKER_TRANSPORT_OPTIONS": broker_transport_options(BROKER_URL, "events"),
    "BROKER_TIMEOUT_S": 2.0,
    "MAX_PAGE_SIZE": env_int("SERVICE_MAX_PAGE_SIZE", 100),
    "IDEMPOTENCY_RETENTION_HOURS": env_int("IDEMPOTENCY_RETENTION_HOURS", 24),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(sort_keys=True),
            ],
            "foreign_pre_chain": [
                structlog.stdlib.add_log_level,
                structlog.stdlib.add_logger_name,
                structlog.stdlib.ExtraAdder(),
                structlog.processors.TimeStamper(fmt="iso", utc=True),
            ],
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}


def installed_apps(*service_apps: str) -> list[str]:
    """The shared apps followed by the service's own."""
    return [*SHARED_APPS, *service_apps]


def spectacular_settings(*, title: str, description: str) -> dict[str, Any]:
    """drf-spectacular settings for one service; the schema is public, like the health checks."""
    return {
        "TITLE": title,
        "DESCRIPTION": description,
        "VERSION": "1.0.0",
        "SERVE_INCLUDE_SCHEMA": False,
        "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
        "SERVE_AUTHENTICATION": [],
        "SCHEMA_PATH_PREFIX": r"/api/v1",
        "COMPONENT_SPLIT_REQUEST": True,
        "POSTPROCESSING_HOOKS": [
            "drf_spectacular.hooks.postprocess_schema_enums",
            "extracted_services.service_defaults.schema.problem_responses",
        ],
    }


def messaging_settings(*, source: str) -> dict[str, Any]:
    """The `MESSAGING` settings of the service whose CloudEvents source is `/<service>`.

    The outbox is relayed by the service's own Celery app (`<service>/celery_app.py`, made by
    `service_defaults.outbox.service_celery_app`) on its own queue `<service>-relay`, so
    the monolith's workers never pick up a service's relay task. Commits nudge the relay; beat
    sweeps every second as the backstop.
    """
    service = source.strip("/")
    return {
        "SOURCE": source,
        "BROKER_URL": BROKER_URL,
        "BROKER_TRANSPORT_OPTIONS": broker_transport_options(BROKER_URL, "events"),
        "RELAY_QUEUE": f"{service}-relay",
        "CELERY_APP": f"extracted_services.{service}.celery_app:app",
    }
