"""Reports from the proxy become traffic split, error rate and shadow diffs grouped by field."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from strangler_proxy.control_plane.features.models import Feature, ShadowDiff

pytestmark = pytest.mark.django_db
REPORTS = "/_strangler/api/v1/reports/"


def _report(mismatched_field: str, count: int) -> dict:
    return {
        "traffic": [
            {"feature": "products", "side": "legacy", "requests": 30, "errors": 0},
            {"feature": "products", "side": "new", "requests": 10, "errors": 1},
        ],
        "shadow": [
            {
                "feature": "products",
                "route": "products:1",
                "samples": 20,
                "mismatched": count,
                "dropped": 2,
                "errors": 0,
                "fields": [
                    {
                        "field": mismatched_field,
                        "count": count,
                        "sample": {"path": "/api/products/3/", "legacy": 1299, "new": 1399},
                    }
                ],
            }
        ],
    }


def test_reports_are_grouped_by_field_and_rated(
    proxy_client: APIClient, api: APIClient, products: Feature
) -> None:
    assert proxy_client.post(REPORTS, _report("price_cents", 3), format="json").status_code == 200
    assert proxy_client.post(REPORTS, _report("price_cents", 2), format="json").status_code == 200
    proxy_client.post(REPORTS, _report("prod_name", 1), format="json")
    diff = ShadowDiff.objects.get(feature=products, field="price_cents")
    assert diff.count == 5 and diff.sample["new"] == 1399

    body = api.get("/_strangler/api/v1/features/products/diffs/").json()
    assert [(d["field"], d["count"]) for d in body["diffs"]] == [
        ("price_cents", 5),
        ("prod_name", 1),
    ]
    assert body["shadow"] == {"samples": 60, "mismatch_rate": 0.1, "dropped": 6}
    status = api.get("/_strangler/api/v1/features/products/").json()
    assert status["traffic"]["requests"] == 120
    assert status["traffic"]["new_share"] == 0.25
    assert status["new_error_rate"] == 0.1


def test_only_the_proxy_may_report(api: APIClient, products: Feature) -> None:
    assert api.post(REPORTS, _report("price_cents", 1), format="json").status_code == 403
    assert not ShadowDiff.objects.exists()
