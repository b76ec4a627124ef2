"""Fake services behind the ports: in-memory clients seeded with clean rows translated by the ACL.

Rows are made as legacy rows (dicts, never saved) and translated with the ACL, so the fakes hold
exactly what backfill would have put in the services. What lives only in a fake is invisible to
the legacy tables, which is how the tests tell who answered.
"""

from datetime import datetime

import pytest

from acl.clients.fakes import FakeOrdersClient, FakeProductsClient, FakeUsersClient
from acl.products import category_from_legacy, product_from_legacy
from acl.users import customer_from_legacy
from legacy_monolith.ports import clients

JOINED = datetime(2024, 3, 1, 9, 30)


def clean_category(legacy_id: int, name: str, *, visible: bool = True, sort_order: int = 0) -> dict:
    row = {
        "id": legacy_id,
        "cat_name": name,
        "slug": name.lower().replace(" ", "-"),
        "visible_yn": "Y" if visible else "N",
        "sort_order": sort_order,
    }
    return dict(category_from_legacy(row=row))


def clean_product(
    legacy_id: int,
    name: str,
    *,
    category: dict,
    price_cents: int = 1299,
    stock: int = 10,
    active: bool = True,
    descr: str = "Made by the products service.",
) -> dict:
    row = {
        "id": legacy_id,
        "prod_code": f"SVC-{legacy_id}",
        "prod_name": name,
        "descr": descr,
        "price_cents": price_cents,
        "qty_on_hand": stock,
        "cat_id": category["legacy_id"],
        "active_yn": "Y" if active else "N",
        "created_dt": datetime(2024, 5, 1, 12, 0),
        "modified_dt": datetime(2024, 5, 2, 12, 0),
    }
    return dict(product_from_legacy(row=row))


def clean_customer(
    user, *, addr: str = "1 Service Street\nLeeds\nLS1 4AP", phone: str = ""
) -> dict:
    """The customer the users service holds for a legacy login."""
    user_row = {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "password": user.password,
        "is_active": user.is_active,
        "date_joined": JOINED,
        "last_login": None,
    }
    profile_row = {
        "user_id": user.pk,
        "phone_no": phone,
        "addr": addr,
        "newsletter_yn": "Y",
        "modified_dt": JOINED,
    }
    return dict(customer_from_legacy(user=user_row, profile=profile_row))


class Services:
    def __init__(self) -> None:
        self.products = FakeProductsClient()
        self.users = FakeUsersClient()
        self.orders = FakeOrdersClient(self.products)


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch) -> Services:
    fakes = Services()
    monkeypatch.setattr(clients, "products_client", lambda: fakes.products)
    monkeypatch.setattr(clients, "users_client", lambda: fakes.users)
    monkeypatch.setattr(clients, "orders_client", lambda: fakes.orders)
    return fakes


@pytest.fixture
def catalogue_in_service(services: Services) -> dict:
    """Two visible departments and one hidden, with products only the service knows."""
    kitchen = services.products.add_category(clean_category(901, "Kitchen", sort_order=1))
    garden = services.products.add_category(clean_category(902, "Garden", sort_order=2))
    hidden = services.products.add_category(clean_category(903, "Backroom", visible=False))
    mug = services.products.add_product(clean_product(501, "Enamel Mug", category=kitchen))
    spade = services.products.add_product(
        clean_product(502, "Border Spade", category=garden, price_cents=2450, stock=1)
    )
    retired = services.products.add_product(
        clean_product(503, "Old Kettle", category=kitchen, active=False)
    )
    crate = services.products.add_product(clean_product(504, "Crate", category=hidden))
    return {
        "kitchen": kitchen,
        "garden": garden,
        "mug": mug,
        "spade": spade,
        "retired": retired,
        "crate": crate,
    }


@pytest.fixture
def customer(db):
    from legacy_monolith.factories import UserFactory

    return UserFactory(username="alice", first_name="Alice")


@pytest.fixture
def customer_client(client, customer):
    client.force_login(customer)
    return client
