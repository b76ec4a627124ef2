"""Validation of the registration and profile forms, before anything is written."""

import pytest

from legacy_monolith.accounts.forms import ProfileForm, RegistrationForm, tidy_address
from legacy_monolith.factories import UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "username": "bob",
    "email": "bob@example.com",
    "password1": "a-long-secret-phrase",
    "password2": "a-long-secret-phrase",
    "first_name": "Bob",
    "last_name": "Marsh",
    "addr": "4 Mill Lane\nLeeds",
    "phone_no": "",
}


def test_tidy_address_keeps_one_trimmed_part_per_line():
    assert tidy_address("  1 High St \r\n\r\n London\n\nSW1A 1AA ") == "1 High St\nLondon\nSW1A 1AA"


def test_registration_data_is_what_the_service_takes():
    form = RegistrationForm(VALID)
    assert form.is_valid(), form.errors
    assert form.registration_data() == {
        "username": "bob",
        "email": "bob@example.com",
        "password": "a-long-secret-phrase",
        "first_name": "Bob",
        "last_name": "Marsh",
        "addr": "4 Mill Lane\nLeeds",
        "phone_no": "",
    }


@pytest.mark.parametrize("phone", ["+44 20 7946 0000", "(020) 7946-0000", "07700900123"])
def test_phone_numbers_people_write_are_accepted(phone):
    assert RegistrationForm({**VALID, "phone_no": phone}).is_valid()


@pytest.mark.parametrize("phone", ["12", "phone me", "020 7946 0000 ext. 5"])
def test_phone_numbers_that_are_not_are_refused(phone):
    form = RegistrationForm({**VALID, "phone_no": phone})
    assert not form.is_valid()
    assert "Enter a phone number" in form.errors["phone_no"][0]


def test_registration_refuses_an_email_in_use_whatever_its_case():
    UserFactory(email="bob@example.com")
    form = RegistrationForm({**VALID, "email": "BOB@example.com"})
    assert not form.is_valid()
    assert form.errors["email"] == ["An account with this email address already exists."]


def test_profile_form_starts_from_the_customer_and_maps_the_newsletter_flag():
    user = UserFactory(first_name="Ann", email="ann@example.com")
    user.profile.newsletter_yn = "Y"
    user.profile.save()

    form = ProfileForm(user=user)
    assert form.initial["first_name"] == "Ann"
    assert form.initial["newsletter"] is True

    form = ProfileForm(
        {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", "addr": "1 A St"},
        user=user,
    )
    assert form.is_valid(), form.errors  # keeping one's own email is fine
    assert form.profile_changes()["newsletter_yn"] == "N"
