"""The services' Celery apps on the embedded broker use the transport that never exposes a
half-written message file (kombu's own let a worker read one and die with a JSONDecodeError)."""

import pytest

from extracted_services.service_defaults.env import BROKER_URL_ENVS
from extracted_services.service_defaults.outbox import service_celery_app
from messaging.transport import Transport as EmbeddedTransport


@pytest.fixture
def embedded_broker(monkeypatch, tmp_path):
    for name in BROKER_URL_ENVS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STRANGLER_VAR_DIR", str(tmp_path))


def test_the_embedded_broker_uses_the_write_then_rename_transport(embedded_broker):
    app = service_celery_app("users")

    assert app.connection_for_write().get_transport_cls() is EmbeddedTransport


def test_a_real_broker_keeps_its_own_transport(monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
    app = service_celery_app("users")

    assert app.connection_for_write().get_transport_cls() is not EmbeddedTransport
