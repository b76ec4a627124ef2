from django.conf import settings

from extracted_services.service_defaults.outbox import RELAY_TASK, service_celery_app


def test_a_service_relays_its_outbox_on_its_own_queue():
    app = service_celery_app("users")
    app.loader.import_default_modules()

    assert RELAY_TASK in app.tasks
    assert app.conf.task_routes == {RELAY_TASK: {"queue": "users-relay"}}
    sweep = app.conf.beat_schedule["messaging-relay-sweep"]
    assert (sweep["task"], sweep["options"]["queue"]) == (RELAY_TASK, "users-relay")


def test_the_messaging_settings_point_at_the_services_celery_app():
    service = settings.SERVICE_NAME
    assert settings.MESSAGING["SOURCE"] == f"/{service}"
    assert settings.MESSAGING["RELAY_QUEUE"] == f"{service}-relay"
    assert settings.MESSAGING["CELERY_APP"] == f"extracted_services.{service}.celery_app:app"
    assert settings.MESSAGING["NUDGE"] is None  # tests keep events in the outbox
