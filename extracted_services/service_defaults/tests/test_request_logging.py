import json
import logging

from extracted_services.service_defaults.testing import client_as, customer_identity


def test_each_request_is_logged_with_caller_status_and_request_id(caplog):
    client = client_as(customer_identity(12))

    with caplog.at_level(logging.INFO, logger="service.requests"):
        response = client.get("/api/v1/whoami", HTTP_X_REQUEST_ID="req-123")

    assert response["X-Request-Id"] == "req-123"
    (record,) = [r for r in caplog.records if r.name == "service.requests"]
    assert record.method == "GET"
    assert record.path == "/api/v1/whoami"
    assert record.status == 200
    assert record.caller == "user:12"
    assert record.request_id == "req-123"
    assert record.duration_ms >= 0


def test_a_request_without_an_id_gets_one(anonymous_client):
    response = anonymous_client.get("/health/live")

    assert len(response["X-Request-Id"]) == 32


def test_log_lines_are_json_with_the_request_fields(settings):
    formatter = logging.config.dictConfigClass(settings.LOGGING).configure_formatter(
        settings.LOGGING["formatters"]["json"]
    )
    record = logging.LogRecord("service.requests", logging.INFO, __file__, 1, "request", None, None)
    record.status = 201
    record.caller = "service:orders"

    line = json.loads(formatter.format(record))

    assert line["event"] == "request"
    assert line["status"] == 201
    assert line["caller"] == "service:orders"
    assert line["level"] == "info"
    assert line["timestamp"].endswith("Z")
