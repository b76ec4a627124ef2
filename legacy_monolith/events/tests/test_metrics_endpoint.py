"""The shop's /metrics shows its outbox to Prometheus."""

import pytest
from django.db import transaction

from legacy_monolith.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_metrics_show_the_outbox_backlog_of_the_shop(client):
    with transaction.atomic():
        ProductFactory.create_batch(3)

    response = client.get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    backlog = [
        line
        for line in response.content.decode().splitlines()
        if line.startswith("messaging_outbox_backlog ")
    ]
    assert backlog, response.content.decode()[:2000]
    assert float(backlog[0].rsplit(" ", 1)[1]) >= 3
