"""WSGI entry point of the legacy shop (gunicorn legacy_monolith.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legacy_monolith.settings.base")
application = get_wsgi_application()
