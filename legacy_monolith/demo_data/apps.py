from django.apps import AppConfig


class DemoDataConfig(AppConfig):
    name = "legacy_monolith.demo_data"
    label = "demo_data"
    verbose_name = "Demo data"
