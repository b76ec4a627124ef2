"""WSGI entry point of the orders service (`gunicorn extracted_services.orders.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "extracted_services.orders.settings.base")

application = get_wsgi_application()
