"""WSGI entry point of the control plane (gunicorn with threads: the switch waits on a request)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strangler_proxy.control_plane.settings.base")
application = get_wsgi_application()
