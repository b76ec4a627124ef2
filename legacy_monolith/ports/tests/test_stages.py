"""Which implementation serves a feature, by its stage."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from legacy_monolith import ports
from legacy_monolith.ports.catalogue import LegacyCatalogue
from legacy_monolith.ports.customers import LegacyCustomers
from legacy_monolith.ports.orders import LegacyOrders
from legacy_monolith.ports.service.catalogue import ServiceCatalogue
from legacy_monolith.ports.service.customers import ServiceCustomers
from legacy_monolith.ports.service.orders import ServiceOrders
from legacy_monolith.ports.stages import feature_stage, service_owns

LEGACY_EVERYWHERE = {"users": "legacy", "products": "legacy", "orders": "legacy"}


def stages(**changes: str) -> dict[str, str]:
    return {**LEGACY_EVERYWHERE, **changes}


def test_every_feature_starts_in_legacy():
    assert {feature: feature_stage(feature).value for feature in LEGACY_EVERYWHERE} == (
        LEGACY_EVERYWHERE
    )
    assert isinstance(ports.catalogue(), LegacyCatalogue)
    assert isinstance(ports.customers(), LegacyCustomers)
    assert isinstance(ports.orders(), LegacyOrders)


@pytest.mark.parametrize(
    ("stage", "owned"),
    [
        ("legacy", False),
        ("shadow", False),
        ("canary", False),
        ("writes-new", True),
        ("new", True),
        ("retired", True),
    ],
)
def test_the_service_serves_the_monolith_from_writes_new_on(stage, owned, services):
    with override_settings(STRANGLER_STAGES=stages(products=stage)):
        assert service_owns("products") is owned
        assert isinstance(ports.catalogue(), ServiceCatalogue if owned else LegacyCatalogue)
        # Each feature follows its own stage.
        assert isinstance(ports.orders(), LegacyOrders)
        assert isinstance(ports.customers(), LegacyCustomers)


def test_users_and_orders_switch_on_their_own_stage(services):
    with override_settings(STRANGLER_STAGES=stages(users="new", orders="writes-new")):
        assert isinstance(ports.customers(), ServiceCustomers)
        assert isinstance(ports.orders(), ServiceOrders)
        assert isinstance(ports.catalogue(), LegacyCatalogue)


def test_a_misspelt_stage_says_what_is_allowed():
    with (
        override_settings(STRANGLER_STAGES=stages(orders="writes_new")),
        pytest.raises(ImproperlyConfigured) as caught,
    ):
        feature_stage("orders")
    message = str(caught.value)
    assert "STRANGLER_STAGE_ORDERS" in message
    assert "'writes_new'" in message
    assert "legacy, shadow, canary, writes-new, new, retired" in message


def test_an_unknown_feature_is_refused():
    with pytest.raises(ValueError, match="features: users, products, orders"):
        feature_stage("billing")


def test_the_environment_sets_the_stages(monkeypatch):
    import importlib

    import legacy_monolith.settings.base as base

    monkeypatch.setenv("STRANGLER_STAGE_PRODUCTS", "writes-new")
    monkeypatch.setenv("PRODUCTS_SERVICE_URL", "http://products.internal:9012")
    try:
        reloaded = importlib.reload(base)
        assert stages(products="writes-new") == reloaded.STRANGLER_STAGES
        assert reloaded.SERVICE_URLS["products"] == "http://products.internal:9012"
    finally:
        monkeypatch.undo()
        importlib.reload(base)


@pytest.mark.django_db
def test_in_legacy_the_storefront_and_api_call_no_service(client, services):
    from django.urls import reverse

    from legacy_monolith.factories import OrderLineFactory, UserFactory

    customer = UserFactory()
    line = OrderLineFactory(order__cust=customer)
    client.force_login(customer)
    pages = [
        reverse("storefront:home"),
        reverse("storefront:product_list"),
        reverse("storefront:product_detail", args=[line.prod_id]),
        reverse("storefront:order_list"),
        reverse("storefront:order_detail", args=[line.order_id]),
        reverse("storefront:profile"),
        "/api/products/",
        "/api/account/",
        "/api/orders/",
    ]

    assert [client.get(page).status_code for page in pages] == [200] * len(pages)
    assert services.products.calls == services.users.calls == services.orders.calls == []
