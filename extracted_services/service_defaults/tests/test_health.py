import time

import pytest

RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"


def _with_broker(settings, url):
    settings.SERVICE_DEFAULTS = {**settings.SERVICE_DEFAULTS, "BROKER_URL": url}


def test_live_answers_without_touching_dependencies(anonymous_client, settings):
    _with_broker(settings, "amqp://guest:guest@127.0.0.1:1//")

    response = anonymous_client.get("/health/live")

    assert response.status_code == 200
    assert response.json() == {"status": "live"}


@pytest.mark.django_db
def test_ready_says_ok_for_the_database_and_an_unconfigured_broker(anonymous_client, settings):
    _with_broker(settings, None)

    response = anonymous_client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "broker": "not configured"},
    }


@pytest.mark.rabbitmq
@pytest.mark.django_db
def test_ready_checks_a_real_broker(anonymous_client, settings):
    _with_broker(settings, RABBITMQ)

    response = anonymous_client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_an_unreachable_broker_makes_ready_answer_503_quickly(anonymous_client, settings):
    _with_broker(settings, "amqp://guest:guest@127.0.0.1:1//")
    settings.SERVICE_DEFAULTS = {**settings.SERVICE_DEFAULTS, "BROKER_TIMEOUT_S": 0.5}

    started = time.monotonic()
    response = anonymous_client.get("/health/ready")

    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["detail"] == "not ready: broker failed"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("failed: ")


@pytest.mark.django_db
def test_a_failing_database_makes_ready_answer_503(anonymous_client, settings, monkeypatch):
    from extracted_services.service_defaults import health

    def database_down() -> str:
        raise ConnectionError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", database_down)
    _with_broker(settings, None)

    response = anonymous_client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failed: ConnectionError: connection refused"
    assert response.json()["detail"] == "not ready: database failed"
