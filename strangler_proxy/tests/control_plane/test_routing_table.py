"""The route table the proxy polls: versioned, cached with ETags, heartbeats recorded."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from strangler_proxy.control_plane.features.models import Feature, ProxyWorker, Route
from strangler_proxy.data_plane.routing import build_table
from strangler_proxy.tokens import verify_override_token

from .conftest import move

pytestmark = pytest.mark.django_db
TABLE = "/_strangler/api/v1/routing-table/"


def test_proxy_reads_the_table_and_polls_cheaply(
    proxy_client: APIClient, api: APIClient, products: Feature
) -> None:
    first = proxy_client.get(TABLE, {"worker": "w1", "applied": "0"})
    assert first.status_code == 200
    document = first.json()
    table = build_table(document)  # the proxy accepts what the control plane serves
    assert table.match("GET", "/api/products/7/").route.feature.name == "products"
    etag = first.headers["ETag"]
    unchanged = proxy_client.get(TABLE, {"worker": "w1"}, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304

    move(api, "products", "shadow")
    changed = proxy_client.get(TABLE, {"worker": "w1"}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["version"] > document["version"]
    assert changed.json()["features"][1]["stage"] == "shadow"

    # An admin edit of a route is a change too.
    Route.objects.create(feature=products, pattern="/api/categories/", methods="GET")
    again = proxy_client.get(TABLE, HTTP_IF_NONE_MATCH=changed.headers["ETag"])
    assert again.status_code == 200 and len(again.json()["features"][1]["routes"]) == 2


def test_polls_record_worker_heartbeats(proxy_client: APIClient, products: Feature) -> None:
    proxy_client.get(TABLE, {"worker": "host:1:abc", "applied": "7", "idle": "products,orders"})
    worker = ProxyWorker.objects.get()
    assert (worker.worker_id, worker.applied_version) == ("host:1:abc", 7)
    assert worker.idle_features == ["products", "orders"]


def test_a_wrong_proxy_key_is_refused(db, products: Feature) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Proxy wrong-key")
    assert client.get(TABLE).status_code == 401
    assert not ProxyWorker.objects.exists()


def test_staff_get_a_signed_override_token(api: APIClient, settings) -> None:
    response = api.post(
        "/_strangler/api/v1/override-tokens/", {"features": {"products": "new"}}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert response.cookies["strangler_override"].value == token
    secret = settings.STRANGLER_CONTROL["OVERRIDE_SECRET"]
    assert verify_override_token(token=token, secret=secret) == {"products": "new"}
    bad = api.post(
        "/_strangler/api/v1/override-tokens/", {"features": {"products": "up"}}, format="json"
    )
    assert bad.status_code == 400 and "features" in bad.json()["detail"]
