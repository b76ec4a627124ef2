"""Stage changes through the API: validated, audited, staff only, CSRF-safe."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from strangler_proxy.control_plane.features.models import AuditEntry, Feature

from .conftest import move

pytestmark = pytest.mark.django_db


def test_walk_forward_and_roll_back_with_an_audit_trail(api: APIClient, products: Feature) -> None:
    assert move(api, "products", "shadow").status_code == 200
    assert move(api, "products", "canary", 10).status_code == 200
    response = move(api, "products", "canary", 40)
    assert response.status_code == 200
    assert response.json()["feature"]["percent"] == 40
    products.refresh_from_db()
    assert (products.stage, products.percent) == ("canary", 40)

    rolled = api.post("/_strangler/api/v1/features/products/rollback/", {}, format="json")
    assert rolled.status_code == 200
    products.refresh_from_db()
    assert (products.stage, products.percent) == ("shadow", 0)
    entries = list(AuditEntry.objects.filter(feature=products).order_by("id"))
    assert [(e.from_stage, e.to_stage, e.to_percent) for e in entries] == [
        ("legacy", "shadow", 0),
        ("shadow", "canary", 10),
        ("canary", "canary", 40),
        ("canary", "shadow", 0),
    ]
    assert entries[1].actor == "operator" and entries[1].reason == "to canary"
    assert entries[-1].kind == "rollback"
    audit = api.get("/_strangler/api/v1/features/products/audit/").json()["audit"]
    assert audit[0]["to_stage"] == "shadow" and audit[0]["kind"] == "rollback"


def test_rollback_from_writes_new_restores_the_canary_percentage(
    api: APIClient, products: Feature
) -> None:
    move(api, "products", "shadow")
    move(api, "products", "canary", 35)
    assert move(api, "products", "writes-new").status_code == 200
    api.post("/_strangler/api/v1/features/products/rollback/", {"reason": "bad"}, format="json")
    products.refresh_from_db()
    assert (products.stage, products.percent, products.write_hold) == ("canary", 35, False)


@pytest.mark.parametrize(
    ("name", "body", "status", "says"),
    [
        ("nope", {"stage": "shadow", "reason": "x"}, 404, "features: orders, products"),
        ("products", {"stage": "sideways", "reason": "x"}, 400, "allowed stages: legacy, shadow"),
        ("products", {"stage": "new", "reason": "x"}, 400, "you can go to: shadow"),
        ("products", {"stage": "shadow", "percent": 5, "reason": "x"}, 400, "only applies"),
        ("products", {"stage": "shadow"}, 400, "say why"),
    ],
)
def test_bad_input_says_what_is_allowed(
    api: APIClient, products: Feature, name: str, body: dict, status: int, says: str
) -> None:
    response = api.post(f"/_strangler/api/v1/features/{name}/stage/", body, format="json")
    assert response.status_code == status
    assert says in response.json()["detail"]
    products.refresh_from_db()
    assert products.stage == "legacy"
    assert not AuditEntry.objects.exists()


def test_percentage_out_of_range_and_missing(api: APIClient, products: Feature) -> None:
    move(api, "products", "shadow")
    too_big = move(api, "products", "canary", 150)
    missing = move(api, "products", "canary")
    assert too_big.status_code == 400 and "0 to 100" in too_big.json()["detail"]
    assert (
        missing.status_code == 400
        and "--percent N with N from 0 to 100" in (missing.json()["detail"])
    )


def test_forced_jump_is_allowed_and_audited(api: APIClient, products: Feature) -> None:
    response = move(api, "products", "canary", 5, force=True)
    assert response.status_code == 200
    assert AuditEntry.objects.get().forced is True


def test_rollback_at_legacy_says_there_is_nothing_to_roll_back(
    api: APIClient, products: Feature
) -> None:
    response = api.post("/_strangler/api/v1/features/products/rollback/", {}, format="json")
    assert response.status_code == 400
    assert "no earlier stage" in response.json()["detail"]


def test_non_staff_and_anonymous_are_refused(db, products: Feature) -> None:
    User.objects.create_user("shopper", password="pw")
    shopper = APIClient()
    shopper.login(username="shopper", password="pw")
    anonymous = APIClient()
    for client in (shopper, anonymous):
        assert client.get("/_strangler/api/v1/features/").status_code in (401, 403)
        assert move(client, "products", "shadow").status_code in (401, 403)
        assert client.get("/_strangler/api/v1/routing-table/").status_code in (401, 403)
    assert Feature.objects.get(name="products").stage == "legacy"


def test_session_writes_need_a_csrf_token(staff: User, products: Feature) -> None:
    browser = APIClient(enforce_csrf_checks=True)
    browser.login(username="operator", password="pw-operator")
    assert browser.get("/_strangler/api/v1/features/").status_code == 200
    refused = move(browser, "products", "shadow")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert Feature.objects.get(name="products").stage == "legacy"


def test_status_lists_every_feature(api: APIClient, products: Feature) -> None:
    features = api.get("/_strangler/api/v1/features/").json()["features"]
    assert [f["name"] for f in features] == ["orders", "products"]
    assert features[1]["stage"] == "legacy"
    assert features[1]["shadow"] == {"samples": 0, "mismatch_rate": None, "dropped": 0}


def test_dashboard_is_for_staff(client, staff: User, products: Feature) -> None:
    assert client.get("/_strangler/").status_code == 302
    client.login(username="operator", password="pw-operator")
    page = client.get("/_strangler/")
    assert page.status_code == 200 and b"products" in page.content
