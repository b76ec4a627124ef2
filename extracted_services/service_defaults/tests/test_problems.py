import logging

PROBLEM = "application/problem+json"


def test_invalid_fields_get_400_with_one_entry_per_field(service_client):
    response = service_client.post("/api/v1/widgets", {"name": "x" * 30, "size": 0}, format="json")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"].endswith("/validation-error")
    assert body["title"] == "Invalid request"
    assert body["status"] == 400
    assert body["detail"] == "invalid value for name, size: see `errors`"
    assert body["errors"] == {
        "name": ["Ensure this field has no more than 20 characters."],
        "size": ["Ensure this value is greater than or equal to 1."],
    }


def test_a_body_that_is_not_json_gets_400_problem(service_client):
    response = service_client.post(
        "/api/v1/widgets", data="{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"].endswith("/parse-error")
    assert "JSON parse error" in response.json()["detail"]


def test_an_unsupported_media_type_gets_415_problem(service_client):
    response = service_client.post("/api/v1/widgets", data="name=x", content_type="text/plain")

    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM


def test_a_wrong_method_gets_405_problem_with_allow(service_client):
    response = service_client.delete("/api/v1/widgets")

    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert "POST" in response["Allow"]
    assert response.json()["detail"] == 'Method "DELETE" not allowed.'


def test_an_unknown_url_gets_404_problem(anonymous_client):
    response = anonymous_client.get("/no/such/page")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json() == {
        "type": "https://problems.strangler-shop.example/not-found",
        "title": "Not Found",
        "status": 404,
        "detail": "nothing at /no/such/page",
    }


def test_an_unexpected_error_gets_500_problem_and_is_logged(service_client, caplog):
    with caplog.at_level(logging.ERROR, logger="service.errors"):
        response = service_client.get("/api/v1/boom")

    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == "an unexpected error occurred; it is logged"
    assert "flux capacitor" not in response.content.decode()
    assert any("flux capacitor" in (r.exc_text or "") for r in caplog.records)


def test_djangos_own_500_handler_answers_problem_json(rf):
    from extracted_services.service_defaults.problems import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
