"""Prometheus metrics: backlog, oldest age, failures, publish counts, consumer outcomes."""

import pytest
from django.test import RequestFactory
from django.utils import timezone
from prometheus_client import REGISTRY

from messaging.models import OutboxEvent, OutboxStatus
from messaging.relay import Relay
from messaging.tests.testapp.events import CREDITED, account_credit, account_open
from messaging.views import metrics

from .fakes import FakePublisher

pytestmark = pytest.mark.django_db


def scrape() -> dict[str, float]:
    response = metrics(RequestFactory().get("/metrics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    values = {}
    for line in response.content.decode().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def test_the_endpoint_reports_backlog_oldest_age_and_failures(messaging_settings):
    account = account_open(name="Ada")
    account_credit(account_id=account.pk, amount=1)
    account_credit(account_id=account.pk, amount=2)
    OutboxEvent.objects.filter(sequence=1).update(
        created_at=timezone.now() - timezone.timedelta(seconds=90)
    )
    OutboxEvent.objects.filter(sequence=3).update(status=OutboxStatus.FAILED)

    values = scrape()

    assert values["messaging_outbox_backlog"] == 2
    assert values["messaging_outbox_failed"] == 1
    assert 89 <= values["messaging_outbox_oldest_pending_age_seconds"] < 120


def test_publishing_counts_published_events_and_observes_relay_lag(messaging_settings):
    published = f'messaging_relay_published_total{{type="{CREDITED}"}}'
    before = REGISTRY.get_sample_value("messaging_relay_published_total", {"type": CREDITED}) or 0
    lag_before = REGISTRY.get_sample_value("messaging_relay_lag_seconds_count") or 0
    account = account_open(name="Ada")
    account_credit(account_id=account.pk, amount=1)

    Relay(FakePublisher()).run_once()
    values = scrape()

    assert values[published] == before + 1
    assert values["messaging_relay_lag_seconds_count"] == lag_before + 2
    assert values["messaging_outbox_backlog"] == 0
    assert values["messaging_outbox_oldest_pending_age_seconds"] == 0


def test_only_get_is_allowed():
    assert metrics(RequestFactory().post("/metrics")).status_code == 405
