def test_lists_come_in_pages_with_count_and_links(service_client):
    response = service_client.get("/api/v1/numbers", {"page": 2})

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 45
    assert body["results"] == list(range(21, 41))
    assert body["next"] == "http://testserver/api/v1/numbers?page=3"
    assert body["previous"] == "http://testserver/api/v1/numbers"


def test_page_size_can_be_chosen_up_to_the_bound(service_client, settings):
    settings.SERVICE_DEFAULTS = {**settings.SERVICE_DEFAULTS, "MAX_PAGE_SIZE": 30}

    ten = service_client.get("/api/v1/numbers", {"page_size": 10}).json()
    too_many = service_client.get("/api/v1/numbers", {"page_size": 31})

    assert ten["results"] == list(range(1, 11))
    assert too_many.status_code == 400
    assert too_many.json()["errors"] == {"page_size": ["must be a whole number from 1 to 30"]}


def test_a_page_size_that_is_not_a_number_gets_400(service_client):
    for bad in ("0", "-5", "ten"):
        response = service_client.get("/api/v1/numbers", {"page_size": bad})
        assert response.status_code == 400, bad


def test_a_page_past_the_end_gets_404_problem(service_client):
    response = service_client.get("/api/v1/numbers", {"page": 9})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["detail"] == "there is no page 9: there are 3 pages"
    assert (body["count"], body["pages"]) == (45, 3)


def test_a_page_that_is_not_a_number_gets_404_problem_with_the_page_count(service_client):
    response = service_client.get("/api/v1/numbers", {"page": "two"})

    assert response.status_code == 404
    assert response.json()["pages"] == 3
