"""Every service shows its outbox to Prometheus at /metrics, without a token."""

import pytest

pytestmark = pytest.mark.django_db


def test_metrics_are_served_without_a_token(client):
    response = client.get("/metrics")

    assert response.status_code == 200
    assert "messaging_outbox_backlog " in response.content.decode()
