from rest_framework.views import exception_handler as legacy_exception_handler  # noqa: F401
