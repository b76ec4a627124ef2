import threading

import pytest
from django.db import connection

from extracted_services.service_defaults.idempotency import purge_expired
from extracted_services.service_defaults.models import IdempotencyRecord
from extracted_services.service_defaults.testing import client_as, customer_identity
from extracted_services.service_defaults.tests import views

pytestmark = pytest.mark.django_db

WIDGET = {"name": "sprocket", "size": 3}


def test_a_retry_with_the_same_key_replays_the_first_response(service_client):
    first = service_client.post("/api/v1/widgets", WIDGET, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = service_client.post("/api/v1/widgets", WIDGET, format="json", HTTP_IDEMPOTENCY_KEY="k1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert len(views.CREATED) == 1
    record = IdempotencyRecord.objects.get()
    assert (record.caller, record.key, record.response_status) == ("service:orders", "k1", 201)


def test_the_same_body_with_keys_in_another_order_is_the_same_request(service_client):
    service_client.post("/api/v1/widgets", WIDGET, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    reordered = '{"size": 3, "name": "sprocket"}'

    again = service_client.post(
        "/api/v1/widgets", reordered, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1"
    )

    assert again.status_code == 201
    assert len(views.CREATED) == 1


def test_the_same_key_with_a_different_body_gets_422_and_changes_nothing(service_client):
    service_client.post("/api/v1/widgets", WIDGET, format="json", HTTP_IDEMPOTENCY_KEY="k1")

    other = service_client.post(
        "/api/v1/widgets", {**WIDGET, "size": 4}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )

    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert other.json()["type"].endswith("/idempotency-key-reused")
    assert "POST /api/v1/widgets" in other.json()["detail"]
    assert len(views.CREATED) == 1


def test_keys_belong_to_their_caller(service_client):
    service_client.post("/api/v1/widgets", WIDGET, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    customer = client_as(customer_identity(9))

    theirs = customer.post("/api/v1/widgets", WIDGET, format="json", HTTP_IDEMPOTENCY_KEY="k1")

    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs
    assert len(views.CREATED) == 2
    assert IdempotencyRecord.objects.count() == 2


def test_without_a_key_every_request_runs(service_client):
    service_client.post("/api/v1/widgets", WIDGET, format="json")
    service_client.post("/api/v1/widgets", WIDGET, format="json")

    assert len(views.CREATED) == 2
    assert not IdempotencyRecord.objects.exists()


def test_a_failed_request_is_not_stored_so_a_corrected_retry_runs(service_client):
    bad = service_client.post(
        "/api/v1/widgets", {"name": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    good = service_client.post("/api/v1/widgets", WIDGET, format="json", HTTP_IDEMPOTENCY_KEY="k1")

    assert bad.status_code == 400
    assert good.status_code == 201
    assert len(views.CREATED) == 1


@pytest.mark.parametrize("key", ["", "   ", "x" * 256, "tab\tinside"])
def test_a_malformed_key_gets_400(service_client, key):
    response = service_client.post(
        "/api/v1/widgets", WIDGET, format="json", HTTP_IDEMPOTENCY_KEY=key
    )

    assert response.status_code == 400
    assert response.json()["type"].endswith("/invalid-idempotency-key")
    assert not views.CREATED


def test_purging_forgets_old_keys_only(service_client):
    service_client.post("/api/v1/widgets", WIDGET, format="json", HTTP_IDEMPOTENCY_KEY="old")
    service_client.post("/api/v1/widgets", WIDGET, format="json", HTTP_IDEMPOTENCY_KEY="new")
    from datetime import timedelta

    from django.utils import timezone

    IdempotencyRecord.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(days=2)
    )

    assert purge_expired() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_attempts_with_one_key_give_one_stored_response(service_client):
    barrier = threading.Barrier(4)
    responses = []

    def attempt() -> None:
        client = client_as(customer_identity(3))
        barrier.wait()
        try:
            responses.append(
                client.post("/api/v1/widgets", WIDGET, format="json", HTTP_IDEMPOTENCY_KEY="race")
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [r.status_code for r in responses] == [201] * 4
    assert len({r.json()["id"] for r in responses}) == 1
    assert IdempotencyRecord.objects.filter(key="race").count() == 1
