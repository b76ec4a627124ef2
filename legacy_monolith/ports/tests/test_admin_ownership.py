"""The legacy admin is read-only, with the owner named, for what a service owns."""

import pytest
from django.test import override_settings
from django.urls import reverse

from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import OrderLineFactory, ProductFactory, StaffFactory, UserFactory
from legacy_monolith.orders.models import Order

pytestmark = pytest.mark.django_db

LEGACY = {"users": "legacy", "products": "legacy", "orders": "legacy"}


def owned(**features: str):
    return override_settings(STRANGLER_STAGES={**LEGACY, **features})


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory(username="boss"))
    return client


def _product_form(product: Product, **changes) -> dict:
    return {
        "prod_code": product.prod_code,
        "prod_name": product.prod_name,
        "cat": product.cat_id,
        "descr": product.descr,
        "price_cents": product.price_cents,
        "qty_on_hand": product.qty_on_hand,
        "active_yn": product.active_yn,
        **changes,
    }


@pytest.mark.parametrize("stage", ["writes-new", "new", "retired"])
def test_a_product_owned_by_the_service_is_shown_read_only(staff_client, stage):
    product = ProductFactory(prod_name="Enamel Mug")
    url = reverse("admin:catalogue_product_change", args=[product.pk])

    with owned(products=stage):
        page = staff_client.get(url)
        refused = staff_client.post(url, _product_form(product, prod_name="Renamed"))
        add = staff_client.get(reverse("admin:catalogue_product_add"))
        delete = staff_client.post(
            reverse("admin:catalogue_product_delete", args=[product.pk]), {"post": "yes"}
        )

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    html = page.content.decode()
    assert 'name="prod_name"' not in html and 'name="_save"' not in html
    assert (
        f"Products are owned by the products service since stage {stage}; "
        "edits here are disabled." in html
    )
    assert (refused.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    product.refresh_from_db()
    assert product.prod_name == "Enamel Mug"


def test_product_actions_are_hidden_once_the_service_owns_them(staff_client):
    ProductFactory()
    url = reverse("admin:catalogue_product_changelist")

    with owned(products="writes-new"):
        listing = staff_client.get(url)
    assert listing.context["action_form"] is None
    assert "owned by the products service" in listing.content.decode()

    legacy_listing = staff_client.get(url)
    assert "restock" in legacy_listing.content.decode()


@pytest.mark.parametrize("stage", ["legacy", "shadow", "canary"])
def test_before_writes_new_the_admin_edits_as_before(staff_client, stage):
    product = ProductFactory(prod_name="Enamel Mug")
    url = reverse("admin:catalogue_product_change", args=[product.pk])

    with owned(products=stage):
        page = staff_client.get(url)
        saved = staff_client.post(url, _product_form(product, prod_name="Renamed"))

    assert 'name="prod_name"' in page.content.decode()
    assert "owned by" not in page.content.decode()
    assert saved.status_code == 302
    product.refresh_from_db()
    assert product.prod_name == "Renamed"


def test_orders_and_their_lines_are_read_only_when_the_orders_service_owns_them(staff_client):
    order = OrderLineFactory().order
    url = reverse("admin:orders_order_change", args=[order.pk])

    with owned(orders="writes-new"):
        page = staff_client.get(url)
        refused = staff_client.post(url, {"status": "S"})
        cancel = staff_client.post(
            reverse("admin:orders_order_changelist"),
            {"action": "cancel_and_restock", "_selected_action": [order.pk]},
        )

    assert page.context["has_change_permission"] is False
    assert "Orders are owned by the orders service since stage writes-new" in page.content.decode()
    assert refused.status_code == 403
    assert cancel.status_code == 200  # no such action: the list is shown again, nothing done
    order.refresh_from_db()
    assert order.status == "N"
    assert not Order.objects.filter(status="C").exists()


def test_customers_are_read_only_when_the_users_service_owns_them(staff_client):
    customer = UserFactory(username="alice", email="alice@example.com")
    url = reverse("admin:auth_user_change", args=[customer.pk])

    with owned(users="new"):
        page = staff_client.get(url)
        refused = staff_client.post(url, {"username": "mallory", "email": "m@example.com"})
        password = staff_client.get(reverse("admin:auth_user_password_change", args=[customer.pk]))
        profile = staff_client.get(
            reverse("admin:accounts_profile_change", args=[customer.profile.pk])
        )

    html = page.content.decode()
    assert "Customers are owned by the users service since stage new" in html
    assert 'name="profile-0-phone_no"' not in html  # the profile inline is read-only too
    assert (refused.status_code, password.status_code) == (403, 403)
    assert profile.context["has_change_permission"] is False
    customer.refresh_from_db()
    assert customer.username == "alice"
