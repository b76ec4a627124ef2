import pytest


def test_the_openapi_schema_is_public_and_describes_the_api(anonymous_client):
    response = anonymous_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Users service"
    assert {
        "/api/v1/customers/",
        "/api/v1/customers/{id}/",
        "/api/v1/me/",
        "/api/v1/credentials/check/",
    } <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["bearerIdentity"]["scheme"] == "bearer"
    assert "Idempotency-Key" in schema["paths"]["/api/v1/customers/"]["post"]["summary"]
    listing = schema["paths"]["/api/v1/customers/"]["get"]["parameters"]
    assert {"q", "active", "page", "page_size"} <= {p["name"] for p in listing}


@pytest.mark.django_db
def test_health_endpoints_answer_without_a_token(anonymous_client, settings):
    settings.SERVICE_DEFAULTS = {**settings.SERVICE_DEFAULTS, "BROKER_URL": None}

    assert anonymous_client.get("/health/live").json() == {"status": "live"}
    ready = anonymous_client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"] == "ok"
