"""With users at writes-new, the profile pages and the API account read and write the service."""

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from acl.clients import ValidationFailed
from legacy_monolith.accounts.models import Profile

from .conftest import clean_customer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _users_owned_by_the_service():
    stages = {"users": "writes-new", "products": "legacy", "orders": "legacy"}
    with override_settings(STRANGLER_STAGES=stages):
        yield


@pytest.fixture
def in_service(services, customer):
    return services.users.add_customer(clean_customer(customer, phone="0113 496 0000"))


def _profile_form(**changes):
    return {
        "first_name": "Alice",
        "last_name": "Service",
        "email": "alice@example.com",
        "phone_no": "0113 496 0001",
        "addr": "2 Service Street\nLeeds\nLS1 4AP",
        "newsletter": "",
        **changes,
    }


def test_the_profile_page_shows_what_the_service_holds(customer_client, in_service):
    response = customer_client.get(reverse("storefront:profile"))

    form = response.context["form"]
    assert form.initial["phone_no"] == "0113 496 0000"  # not the legacy profile's 020 number
    assert form.initial["addr"] == "1 Service Street\nLeeds\nLS1 4AP"
    assert form.initial["newsletter"] is True


def test_saving_the_profile_changes_the_service_not_the_table(
    customer_client, customer, services, in_service
):
    legacy_before = Profile.objects.values().get(user=customer)

    response = customer_client.post(reverse("storefront:profile"), _profile_form())

    assert response.status_code == 302
    [(_, call)] = [c for c in services.users.calls if c[0] == "update_me"]
    assert call["user_id"] == customer.pk
    assert call["changes"] == {
        "first_name": "Alice",
        "last_name": "Service",
        "email": "alice@example.com",
        "phone": "0113 496 0001",
        "address": {
            "lines": ["2 Service Street"],
            "city": "Leeds",
            "postcode": "LS1 4AP",
            "country": None,
        },
        "newsletter": False,
    }
    assert Profile.objects.values().get(user=customer) == legacy_before


def test_a_refusal_by_the_service_shows_on_the_field(customer_client, services, in_service):
    def refuse(*, user_id, changes):
        raise ValidationFailed(
            "invalid value for phone: see `errors`",
            service="users",
            status=400,
            code="validation-error",
            body={"errors": {"phone": ["not a phone number the users service accepts"]}},
        )

    services.users.update_me = refuse

    response = customer_client.post(reverse("storefront:profile"), _profile_form())

    assert response.status_code == 400
    assert response.context["form"].errors["phone_no"] == [
        "not a phone number the users service accepts"
    ]


def test_the_api_account_reads_and_patches_the_service(client, customer, services, in_service):
    token = Token.objects.create(user=customer)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

    account = client.get("/api/account/", **auth).json()
    assert (account["cust_id"], account["phone_no"], account["newsletter"]) == (
        customer.pk,
        "0113 496 0000",
        "Y",
    )
    assert account["modified_dt"] == "2024-03-01 09:30:00"

    patched = client.patch(
        "/api/account/", {"newsletter": "N"}, content_type="application/json", **auth
    )
    assert patched.status_code == 200
    assert patched.json()["newsletter"] == "N"
    assert services.users.customer_rows[in_service["id"]]["newsletter"] is False


def test_a_login_without_a_customer_account_is_a_404(customer_client, services):
    assert customer_client.get(reverse("storefront:profile")).status_code == 404


def test_a_password_change_goes_to_the_service(customer_client, customer, services, in_service):
    from legacy_monolith.factories import DEFAULT_PASSWORD

    old_hash = customer.password
    response = customer_client.post(
        reverse("storefront:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "a-much-better-secret-42",
            "new_password2": "a-much-better-secret-42",
        },
    )

    assert response.status_code == 302
    [(_, call)] = [c for c in services.users.calls if c[0] == "update_me"]
    assert call["changes"] == {
        "password": "a-much-better-secret-42",
        "current_password": DEFAULT_PASSWORD,
    }
    customer.refresh_from_db()
    assert customer.password == old_hash  # reverse sync brings the new hash


REGISTRATION = {
    "username": "carol",
    "email": "carol@example.com",
    "first_name": "Carol",
    "last_name": "Newcomer",
    "addr": "3 Service Street\nLeeds\nLS1 4AP",
    "phone_no": "",
    "password1": "a-much-better-secret-42",
    "password2": "a-much-better-secret-42",
}


def test_registration_creates_the_customer_in_the_service(client, services):
    from django.contrib.auth import get_user_model

    from legacy_monolith.factories import UserFactory

    def reverse_sync(created):
        return UserFactory(username=created["username"], profile=None).pk

    services.users.reverse_sync = reverse_sync

    response = client.post(reverse("storefront:register"), REGISTRATION)

    assert response.status_code == 302
    [(_, call)] = [c for c in services.users.calls if c[0] == "create_customer"]
    assert call["customer"]["username"] == "carol"
    assert call["customer"]["password"] == "a-much-better-secret-42"
    assert call["customer"]["address"]["city"] == "Leeds"
    carol = get_user_model().objects.get(username="carol")
    assert client.session["_auth_user_id"] == str(carol.pk)


@override_settings(
    SERVICE_CLIENT={
        "CONNECT_TIMEOUT_S": 1,
        "READ_TIMEOUT_S": 1,
        "ATTEMPTS": 1,
        "LEGACY_ID_WAIT_S": 0,
    }
)
def test_registration_before_reverse_sync_asks_to_log_in_shortly(client, services):
    from django.contrib.auth import get_user_model

    response = client.post(reverse("storefront:register"), REGISTRATION, follow=True)

    assert "you can log in in a minute" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="carol").exists()
