"""Proxy settings from the environment: bad values are named, not silently ignored."""

from __future__ import annotations

import pytest

from strangler_proxy.data_plane.routing import RouteTableError, build_table
from strangler_proxy.data_plane.settings import ProxySettings, SettingsError, parse_backends


def test_backends_are_parsed_and_legacy_is_required() -> None:
    backends = parse_backends("legacy=http://127.0.0.1:8001, products=http://127.0.0.1:8012/x")
    assert {name: str(url) for name, url in backends.items()} == {
        "legacy": "http://127.0.0.1:8001/",
        "products": "http://127.0.0.1:8012/",
    }
    with pytest.raises(SettingsError, match="must name a legacy backend"):
        parse_backends("products=http://127.0.0.1:8012")
    with pytest.raises(SettingsError, match="expected name=http://host:port"):
        parse_backends("legacy=ftp://127.0.0.1")


def test_numbers_must_be_numbers(monkeypatch) -> None:
    monkeypatch.setenv("STRANGLER_OVERRIDE_SECRET", "x" * 40)
    monkeypatch.setenv("STRANGLER_CONTROL_KEY", "y" * 40)
    with pytest.raises(SettingsError, match="STRANGLER_POOL_LIMIT must be a whole number"):
        ProxySettings.from_env({"STRANGLER_POOL_LIMIT": "lots"})
    settings = ProxySettings.from_env({"STRANGLER_ROUTES_FILE": "/tmp/routes.json"})
    assert settings.control_plane_url is None, "a static table means no control plane polling"


def test_malformed_route_tables_name_the_bad_entry() -> None:
    with pytest.raises(RouteTableError, match="must start with /"):
        build_table({"features": [{"name": "p", "backend": "p", "routes": [{"pattern": "x"}]}]})
    with pytest.raises(RouteTableError, match="catch-all must come last"):
        build_table(
            {"features": [{"name": "p", "backend": "p", "routes": [{"pattern": "/a/{r*}/b"}]}]}
        )
    with pytest.raises(RouteTableError, match="bad feature"):
        build_table({"features": [{"name": "p", "backend": "p", "stage": "sideways"}]})


def test_routing_prefers_table_order_and_checks_methods() -> None:
    table = build_table(
        {
            "features": [
                {
                    "name": "orders",
                    "backend": "orders",
                    "routes": [
                        {
                            "id": "cancel",
                            "pattern": "/api/orders/{id}/cancel/",
                            "methods": ["POST"],
                        },
                        {"id": "detail", "pattern": "/api/orders/{id}/", "methods": ["GET"]},
                        {"id": "rest", "pattern": "/api/orders/{rest*}"},
                    ],
                }
            ]
        }
    )
    assert table.match("POST", "/api/orders/7/cancel/").route.id == "cancel"
    assert table.match("GET", "/api/orders/7/cancel/").route.id == "rest"
    detail = table.match("GET", "/api/orders/7/")
    assert detail.route.id == "detail" and detail.params == {"id": "7"}
    assert table.match("GET", "/api/products/7/") is None
