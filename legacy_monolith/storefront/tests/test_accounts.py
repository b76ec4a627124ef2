"""Registering, logging in and out, editing the profile and changing the password."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from legacy_monolith.accounts.models import Profile
from legacy_monolith.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "username": "bob",
    "email": "bob@example.com",
    "password1": "a-long-secret-phrase",
    "password2": "a-long-secret-phrase",
    "first_name": "Bob",
    "last_name": "Marsh",
    "addr": "  4 Mill Lane \n\nLeeds\nLS1 4AB  ",
    "phone_no": "+44 113 496 0000",
}


def _logged_in_username(client) -> str | None:
    response = client.get(reverse("storefront:home"))
    user = response.wsgi_request.user
    return user.username if user.is_authenticated else None


def test_register_creates_customer_with_profile_and_logs_in(client):
    response = client.post(reverse("storefront:register"), REGISTRATION, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("storefront:home")
    assert "Welcome, Bob! Your account is ready." in response.content.decode()
    user = get_user_model().objects.get(username="bob")
    assert (user.email, user.first_name, user.last_name) == ("bob@example.com", "Bob", "Marsh")
    assert user.check_password("a-long-secret-phrase")
    profile = Profile.objects.get(user=user)
    assert profile.addr == "4 Mill Lane\nLeeds\nLS1 4AB"
    assert profile.phone_no == "+44 113 496 0000"
    assert _logged_in_username(client) == "bob"


def test_register_goes_back_to_a_safe_next_page_only(client):
    response = client.post(
        reverse("storefront:register"), {**REGISTRATION, "next": "/cart/"}, follow=False
    )
    assert response.url == "/cart/"

    client.logout()
    other = {**REGISTRATION, "username": "carol", "email": "carol@example.com"}
    response = client.post(reverse("storefront:register"), {**other, "next": "https://evil.test/"})
    assert response.url == reverse("storefront:home")


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"password2": "something-else"}, "password2", "password fields didn"),
        ({"email": "not-an-email"}, "email", "Enter a valid email address"),
        ({"phone_no": "call me"}, "phone_no", "Enter a phone number"),
        ({"addr": "   "}, "addr", "This field is required"),
        ({"first_name": ""}, "first_name", "This field is required"),
    ],
)
def test_register_rejects_bad_input_and_says_why(client, change, field, error):
    response = client.post(reverse("storefront:register"), {**REGISTRATION, **change})

    assert response.status_code == 400
    assert any(error in message for message in response.context["form"].errors[field])
    assert error in response.content.decode()
    assert not get_user_model().objects.filter(username="bob").exists()


def test_register_refuses_taken_username_or_email(client):
    UserFactory(username="Bob", email="someone@example.com")
    UserFactory(username="dora", email="BOB@example.com")

    response = client.post(reverse("storefront:register"), REGISTRATION)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "A user with that username already exists." in errors["username"]
    assert "An account with this email address already exists." in errors["email"]
    assert get_user_model().objects.count() == 2


def test_login_and_logout(client, customer):
    response = client.post(
        reverse("storefront:login"),
        {"username": "alice", "password": DEFAULT_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("storefront:home")
    assert _logged_in_username(client) == "alice"
    assert "Log out" in response.content.decode()

    response = client.post(reverse("storefront:logout"), follow=True)
    assert "You have been logged out." in response.content.decode()
    assert _logged_in_username(client) is None


def test_login_with_wrong_password_says_so(client, customer):
    response = client.post(reverse("storefront:login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 400
    assert "Please enter a correct username and password" in response.content.decode()
    assert _logged_in_username(client) is None


def test_logout_needs_post(customer_client):
    response = customer_client.get(reverse("storefront:logout"))
    assert response.status_code == 405
    assert _logged_in_username(customer_client) == "alice"


def test_profile_edit_updates_user_and_profile(customer_client, customer):
    page = customer_client.get(reverse("storefront:profile"))
    assert page.context["form"].initial["addr"] == customer.profile.addr

    response = customer_client.post(
        reverse("storefront:profile"),
        {
            "first_name": "Alicia",
            "last_name": "Keys",
            "email": "alicia@example.com",
            "phone_no": "07700 900123",
            "addr": "9 New Road\nBristol\nBS1 1AA",
            "newsletter": "on",
        },
        follow=True,
    )

    assert "Your details have been saved." in response.content.decode()
    customer.refresh_from_db()
    customer.profile.refresh_from_db()
    assert (customer.first_name, customer.last_name, customer.email) == (
        "Alicia",
        "Keys",
        "alicia@example.com",
    )
    assert customer.profile.addr == "9 New Road\nBristol\nBS1 1AA"
    assert customer.profile.phone_no == "07700 900123"
    assert customer.profile.newsletter_yn == "Y"


def test_profile_edit_refuses_someone_elses_email(customer_client, customer):
    UserFactory(username="eve", email="eve@example.com")
    response = customer_client.post(
        reverse("storefront:profile"),
        {"first_name": "Alice", "last_name": "X", "email": "eve@example.com", "addr": "1 A St"},
    )
    assert response.status_code == 400
    assert "An account with this email address already exists." in response.content.decode()
    customer.refresh_from_db()
    assert customer.email == "alice@example.com"


def test_profile_needs_login(client):
    response = client.get(reverse("storefront:profile"))
    assert response.status_code == 302
    assert response.url == f"{reverse('storefront:login')}?next={reverse('storefront:profile')}"


def test_password_change(customer_client, customer):
    response = customer_client.post(
        reverse("storefront:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "brand-new-phrase-42",
            "new_password2": "brand-new-phrase-42",
        },
        follow=True,
    )
    assert "Your password has been changed." in response.content.decode()
    customer.refresh_from_db()
    assert customer.check_password("brand-new-phrase-42")
    # The session survives the change.
    assert _logged_in_username(customer_client) == "alice"


def test_password_change_with_wrong_old_password(customer_client, customer):
    response = customer_client.post(
        reverse("storefront:password_change"),
        {"old_password": "nope", "new_password1": "x-y-z-123456", "new_password2": "x-y-z-123456"},
    )
    assert response.status_code == 400
    assert "Your old password was entered incorrectly" in response.content.decode()
    customer.refresh_from_db()
    assert customer.check_password(DEFAULT_PASSWORD)
