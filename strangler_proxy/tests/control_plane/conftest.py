"""Fixtures for the control-plane tests (run with --ds strangler_proxy.control_plane.settings.test)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from strangler_proxy.control_plane.features.models import Feature, Route

CONTROL_KEY = "control-key-for-tests"


@pytest.fixture
def staff(db) -> User:
    return User.objects.create_user("operator", password="pw-operator", is_staff=True)


@pytest.fixture
def api(staff: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic b3BlcmF0b3I6cHctb3BlcmF0b3I=")
    return client


@pytest.fixture
def proxy_client(db) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Proxy {CONTROL_KEY}")
    return client


@pytest.fixture
def products(db) -> Feature:
    feature = Feature.objects.create(name="products", backend="products")
    Route.objects.create(
        feature=feature, pattern="/api/products/{id}/", methods="GET,HEAD", timeout=2
    )
    Feature.objects.create(name="orders", backend="orders")
    return feature


def move(api: APIClient, name: str, stage: str, percent: int | None = None, **extra):
    body = {"stage": stage, "reason": f"to {stage}", **extra}
    if percent is not None:
        body["percent"] = percent
    return api.post(f"/_strangler/api/v1/features/{name}/stage/", body, format="json")
