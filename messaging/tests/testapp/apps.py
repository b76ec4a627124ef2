"""App config of the messaging test app."""

from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "messaging.tests.testapp"
    label = "messaging_testapp"
    default_auto_field = "django.db.models.BigAutoField"
