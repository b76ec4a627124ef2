"""Settings shared by every environment of the legacy shop. Every value comes from the environment."""

from .env import REPO_ROOT, VAR_DIR, database_from_env, env_bool, env_list, env_str
from .messaging import *  # noqa: F403

BASE_DIR = REPO_ROOT / "legacy_monolith"

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-demo-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "legacy_monolith.accounts",
    "legacy_monolith.catalogue",
    "legacy_monolith.orders",
    "legacy_monolith.storefront",
    "legacy_monolith.api",
    "legacy_monolith.demo_data",
    "legacy_monolith.reverse_sync",
    "messaging",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# The shop sits behind the strangler proxy, which sets X-Forwarded-Host (still checked
# against ALLOWED_HOSTS) so redirects and absolute URLs name the proxy, not port 8001.
USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST", True)

ROOT_URLCONF = "legacy_monolith.urls"
WSGI_APPLICATION = "legacy_monolith.wsgi.application"

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
                "legacy_monolith.storefront.context_processors.cart_summary",
            ],
        },
    },
]

DATABASES = {"default": database_from_env("DATABASE_URL", "legacy_monolith.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# Legacy quirk, kept on purpose: timestamps are stored as naive local time (see README.md).
USE_TZ = False
TIME_ZONE = env_str("LEGACY_TIME_ZONE", "Europe/London")
LANGUAGE_CODE = "en-gb"
USE_I18N = False

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]

LOGIN_URL = "storefront:login"
LOGIN_REDIRECT_URL = "storefront:home"
LOGOUT_REDIRECT_URL = "storefront:home"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_NAME = "sessionid"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["legacy_monolith.api.parsers.LegacyJSONParser"],
    "EXCEPTION_HANDLER": "legacy_monolith.api.errors.legacy_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# Branch by abstraction (ports/): the migration stage of each feature as this process sees it,
# read only through ports.stages.feature_stage. STRANGLER_STAGE_PRODUCTS=writes-new etc. override.
STRANGLER_STAGES = {
    feature: env_str(f"STRANGLER_STAGE_{feature.upper()}", "legacy")
    for feature in ("users", "products", "orders")
}
# With the control plane's URL (e.g. http://127.0.0.1:8002) the stages are the control plane's
# instead, as fresh as the proxy's (ports/stages.py); the key is STRANGLER_CONTROL_KEY.
STRANGLER_CONTROL_PLANE_URL = env_str("STRANGLER_CONTROL_PLANE_URL", "")
SERVICE_URLS = {
    "users": env_str("USERS_SERVICE_URL", "http://127.0.0.1:8011"),
    "products": env_str("PRODUCTS_SERVICE_URL", "http://127.0.0.1:8012"),
    "orders": env_str("ORDERS_SERVICE_URL", "http://127.0.0.1:8013"),
}
# LEGACY_ID_WAIT_S: how long a page waits for reverse sync to give a new order or customer
# its shop id before answering without it.
SERVICE_CLIENT = {
    "CONNECT_TIMEOUT_S": 1.0,
    "READ_TIMEOUT_S": 5.0,
    "ATTEMPTS": 3,
    "LEGACY_ID_WAIT_S": 2.0,
}

LEGACY_SHOP = {
    "PAGE_SIZE": 12,
    "API_PAGE_SIZE": 20,
    "CURRENCY": "GBP",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
