"""WSGI entry point of the products service (`gunicorn extracted_services.products.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "extracted_services.products.settings.base")

application = get_wsgi_application()
