"""Customer registration and profile edits, checked in the database."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from legacy_monolith.accounts.models import Profile
from legacy_monolith.accounts.services import customer_register, customer_update_profile
from legacy_monolith.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_register_creates_user_and_profile():
    user = customer_register(
        username="bob",
        email="bob@Example.COM",
        password="a-long-secret-phrase",
        first_name="Bob",
        last_name="Marsh",
        addr="4 Mill Lane\nLeeds",
        phone_no="0113 496 0000",
    )

    stored = get_user_model().objects.get(pk=user.pk)
    assert stored.username == "bob"
    assert stored.email == "bob@example.com"  # the domain part is normalised
    assert stored.check_password("a-long-secret-phrase")
    profile = Profile.objects.get(user=stored)
    assert (profile.addr, profile.phone_no, profile.newsletter_yn) == (
        "4 Mill Lane\nLeeds",
        "0113 496 0000",
        "N",
    )


def test_register_with_a_taken_username_writes_nothing():
    UserFactory(username="bob")
    with pytest.raises(IntegrityError):
        customer_register(username="bob", email="b@example.com", password="x-y-z-123456")
    assert get_user_model().objects.filter(username="bob").count() == 1
    assert Profile.objects.count() == 1


def test_update_profile_writes_user_and_profile_fields():
    user = UserFactory(first_name="Ann")

    customer_update_profile(
        user=user, first_name="Anne", addr="2 Low Rd\nYork", newsletter_yn="Y", phone_no="01904"
    )

    user.refresh_from_db()
    profile = Profile.objects.get(user=user)
    assert user.first_name == "Anne"
    assert (profile.addr, profile.newsletter_yn, profile.phone_no) == (
        "2 Low Rd\nYork",
        "Y",
        "01904",
    )


def test_update_profile_creates_a_missing_profile():
    user = UserFactory(profile=None)

    customer_update_profile(user=user, addr="1 New St")

    assert Profile.objects.get(user=user).addr == "1 New St"


def test_update_profile_refuses_fields_that_are_not_editable():
    user = UserFactory(username="ann")
    with pytest.raises(ValueError, match="Not editable: is_staff, username"):
        customer_update_profile(user=user, username="root", is_staff="1")
    user.refresh_from_db()
    assert (user.username, user.is_staff) == ("ann", False)


def test_update_profile_refuses_a_bad_newsletter_flag():
    user = UserFactory()
    with pytest.raises(ValueError, match="newsletter_yn must be Y or N, not 'yes'"):
        customer_update_profile(user=user, newsletter_yn="yes", addr="changed")
    assert Profile.objects.get(user=user).addr != "changed"
