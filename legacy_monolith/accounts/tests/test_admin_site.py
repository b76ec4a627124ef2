"""Every model in the admin: its list, add and change pages load for staff, and only for staff."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.authtoken.models import Token, TokenProxy

from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Category, Product
from legacy_monolith.factories import (
    OrderLineFactory,
    ProductFactory,
    UserFactory,
)
from legacy_monolith.orders.models import Order

pytestmark = pytest.mark.django_db

LEGACY_MODELS = {Profile, Category, Product, Order}


def _admin_url(model, page: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.fixture
def one_of_everything():
    """One row per registered model, with the relations the admin pages render."""
    line = OrderLineFactory(prod=ProductFactory(prod_name="Enamel Teapot"))
    customer = line.order.cust
    token = Token.objects.create(user=customer)
    group = Group.objects.create(name="Warehouse")
    # The token admin addresses a token by its user's id.
    return {
        type(customer): customer.pk,
        Profile: customer.profile.pk,
        Category: line.prod.cat_id,
        Product: line.prod_id,
        Order: line.order_id,
        TokenProxy: token.user_id,
        Group: group.pk,
    }


def test_every_legacy_model_is_in_the_admin():
    registered = set(admin.site._registry)
    assert registered >= LEGACY_MODELS
    assert UserFactory._meta.model in registered
    assert TokenProxy in registered


def test_every_admin_page_loads_for_staff(admin_client, one_of_everything):
    assert set(one_of_everything) == set(admin.site._registry)
    for model, pk in one_of_everything.items():
        for page, args in (("changelist", ()), ("add", ()), ("change", (pk,))):
            response = admin_client.get(_admin_url(model, page, *args))
            assert response.status_code == 200, f"{model.__name__} {page}: {response.status_code}"


def test_admin_index_lists_the_shop_tables(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    for label in ("Customers", "Profiles", "Categories", "Products", "Orders"):
        assert label in page


def test_customers_and_anonymous_visitors_are_sent_to_the_login(client, one_of_everything):
    customer = UserFactory()
    for who in ("anonymous", "customer"):
        if who == "customer":
            client.force_login(customer)
        for model, pk in one_of_everything.items():
            for url in (_admin_url(model, "changelist"), _admin_url(model, "change", pk)):
                response = client.get(url)
                assert response.status_code == 302, f"{who} got {response.status_code} for {url}"
                assert response["Location"].startswith(reverse("admin:login"))


def test_a_customer_cannot_run_an_admin_action(client):
    product = ProductFactory(active_yn="Y")
    client.force_login(UserFactory())

    response = client.post(
        _admin_url(Product, "changelist"),
        {"action": "deactivate", "_selected_action": [product.pk]},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert Product.objects.get(pk=product.pk).active_yn == "Y"
