import pytest


def test_the_openapi_schema_is_public_and_describes_the_api(anonymous_client):
    response = anonymous_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Products service"
    assert {
        "/api/v1/categories/",
        "/api/v1/categories/{id}/",
        "/api/v1/products/",
        "/api/v1/products/{id}/",
        "/api/v1/products/{id}/stock/",
        "/api/v1/products/{id}/stock/adjustments/",
        "/api/v1/reservations/",
        "/api/v1/reservations/{id}/",
        "/api/v1/reservations/{id}/confirm/",
        "/api/v1/reservations/{id}/release/",
    } <= set(schema["paths"])
    search = schema["paths"]["/api/v1/products/"]["get"]["parameters"]
    assert {"q", "category", "active", "page", "page_size"} <= {p["name"] for p in search}


@pytest.mark.django_db
def test_health_endpoints_answer_without_a_token(anonymous_client, settings):
    settings.SERVICE_DEFAULTS = {**settings.SERVICE_DEFAULTS, "BROKER_URL": None}

    assert anonymous_client.get("/health/live").status_code == 200
    ready = anonymous_client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"] == "ok"
