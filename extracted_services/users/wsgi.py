"""WSGI entry point of the users service (`gunicorn extracted_services.users.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "extracted_services.users.settings.base")

application = get_wsgi_application()
