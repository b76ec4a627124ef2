import pytest
from django.contrib.auth import get_user_model

from legacy_monolith.accounts.models import Profile
from legacy_monolith.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/account/"


@pytest.fixture
def customer(db):
    customer = UserFactory(
        username="dora", first_name="Dora", last_name="Jones", email="dora@example.com"
    )
    Profile.objects.filter(user=customer).update(
        phone_no="020 7946 0123", addr="1 High St\nLeeds\nLS1 1AA", newsletter_yn="Y"
    )
    return customer


def test_account_has_the_legacy_shape(api, customer):
    response = api.get(URL)

    assert response.status_code == 200
    body = response.json()
    modified_dt = body.pop("modified_dt")
    assert body == {
        "cust_id": customer.pk,
        "username": "dora",
        "first_name": "Dora",
        "last_name": "Jones",
        "email": "dora@example.com",
        "phone_no": "020 7946 0123",
        "addr": "1 High St\nLeeds\nLS1 1AA",
        "newsletter": "Y",
    }
    assert modified_dt == Profile.objects.get(user=customer).modified_dt.strftime(
        "%Y-%m-%d %H:%M:%S"
    )


def test_login_without_a_profile_shows_blank_profile_fields(client_for):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")

    body = client_for(admin).get(URL).json()

    assert body["username"] == "root"
    assert (body["phone_no"], body["addr"], body["newsletter"], body["modified_dt"]) == (
        "",
        "",
        "N",
        None,
    )


def test_patch_changes_only_the_fields_sent(api, customer):
    response = api.patch(
        URL,
        {"last_name": "Smith", "addr": "2 Low Rd\nYork\nYO1 2BB", "newsletter": "N"},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["first_name"], body["last_name"]) == ("Dora", "Smith")
    assert (body["addr"], body["newsletter"]) == ("2 Low Rd\nYork\nYO1 2BB", "N")
    customer.refresh_from_db()
    profile = Profile.objects.get(user=customer)
    assert (customer.first_name, customer.last_name) == ("Dora", "Smith")
    assert (profile.addr, profile.newsletter_yn, profile.phone_no) == (
        "2 Low Rd\nYork\nYO1 2BB",
        "N",
        "020 7946 0123",
    )


def test_patch_creates_the_missing_profile(client_for):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")

    response = client_for(admin).patch(URL, {"phone_no": "0113 496 0000"}, format="json")

    assert response.json()["phone_no"] == "0113 496 0000"
    assert Profile.objects.get(user=admin).phone_no == "0113 496 0000"


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"email": "not-an-email"}, {"email": ["Enter a valid email address."]}),
        ({"newsletter": "yes"}, {"newsletter": ['must be "Y" or "N", not "yes"']}),
        (
            {"phone_no": "0" * 33},
            {"phone_no": ["Ensure this field has no more than 32 characters."]},
        ),
        ({"first_name": None}, {"first_name": ["This field may not be null."]}),
        ({"addr": "1 High St\x00"}, {"addr": ["Null characters are not allowed."]}),
        ({"username": "mallory"}, {"username": ["not editable"]}),
        (
            {"cust_id": 1, "shoe_size": 9},
            {"cust_id": ["not editable"], "shoe_size": ["unknown field"]},
        ),
        (
            {"email": "x", "is_staff": True},
            {"email": ["Enter a valid email address."], "is_staff": ["unknown field"]},
        ),
    ],
)
def test_bad_patch_is_a_400_naming_the_fields_and_changes_nothing(api, customer, change, fields):
    response = api.patch(URL, {**change, "last_name": "Changed"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "validation_failed"
    assert body["fields"] == fields
    customer.refresh_from_db()
    assert (customer.username, customer.last_name, customer.is_staff) == ("dora", "Jones", False)
    assert Profile.objects.get(user=customer).newsletter_yn == "Y"


def test_patch_body_must_be_an_object(api):
    response = api.patch(URL, ["first_name", "Eve"], format="json")

    assert response.status_code == 400
    assert response.json() == {
        "error": "validation_failed",
        "message": "Invalid input: Invalid data. Expected a dictionary, but got list.",
        "fields": {},
    }


@pytest.mark.parametrize("method", ["get", "patch"])
def test_account_needs_a_login(anon, method):
    response = getattr(anon, method)(URL, {}, format="json")

    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


@pytest.mark.parametrize("method", ["put", "post", "delete"])
def test_account_cannot_be_replaced_created_or_deleted(api, customer, method):
    response = getattr(api, method)(URL, {"first_name": "X"}, format="json")

    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert get_user_model().objects.filter(pk=customer.pk, first_name="Dora").exists()
