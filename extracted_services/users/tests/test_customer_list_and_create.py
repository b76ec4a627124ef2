import pytest
from django.contrib.auth.hashers import check_password

from extracted_services.service_defaults.models import IdempotencyRecord
from extracted_services.service_defaults.testing import client_as, customer_identity
from extracted_services.users.customers.models import Customer
from extracted_services.users.tests.factories import CustomerFactory
from messaging.models import OutboxEvent

pytestmark = pytest.mark.django_db

# Made by the monolith's production hasher (PBKDF2, Django 5.2) for "correct-horse-battery".
LEGACY_HASH = (
    "pbkdf2_sha256$1000000$xEzl3X1gTBhtAr6Wdk3M0w$aCF26O5eg9LGWQvXx6qj3wNVIRwMoMMVIL7BCvks/zA="
)
NEW_CUSTOMER = {
    "username": "grace",
    "email": "grace@example.com",
    "first_name": "Grace",
    "last_name": "Hopper",
    "phone": "020 7946 0001",
    "address": {
        "lines": ["1 Navy Way"],
        "city": "Portsmouth",
        "postcode": "PO1 3LJ",
        "country": "GB",
    },
    "newsletter": True,
}


def _events(event_type):
    return list(OutboxEvent.objects.filter(type=event_type).order_by("id"))


def test_staff_and_services_list_customers_in_pages(staff_client, service_client):
    CustomerFactory.create_batch(3)

    staff = staff_client.get("/api/v1/customers/", {"page_size": 2}).json()
    service = service_client.get("/api/v1/customers/").json()

    assert staff["count"] == 3
    assert len(staff["results"]) == 2
    assert staff["next"].endswith("page=2&page_size=2")
    assert "password_hash" not in staff["results"][0]
    assert "password_hash" in service["results"][0]


def test_customers_cannot_list_everyone_and_anonymous_callers_get_401(anonymous_client, customer):
    assert client_as(customer_identity(42)).get("/api/v1/customers/").status_code == 403
    assert anonymous_client.get("/api/v1/customers/").status_code == 401


def test_the_list_filters_by_search_text_active_legacy_id_and_email(service_client):
    CustomerFactory(username="ada", first_name="Ada", last_name="King", legacy_id=1)
    CustomerFactory(
        username="alan", first_name="Alan", last_name="Turing", legacy_id=2, active=False
    )
    CustomerFactory(username="grace", first_name="Grace", last_name="Hopper", legacy_id=3)

    def usernames(**params):
        body = service_client.get("/api/v1/customers/", params).json()
        return [row["username"] for row in body["results"]]

    assert usernames(q="a") == ["ada", "alan", "grace"]
    assert usernames(q="AL") == ["alan"]
    assert usernames(active="false") == ["alan"]
    assert usernames(active="true", q="a") == ["ada", "grace"]
    assert usernames(legacy_id=3) == ["grace"]
    assert usernames(email="ADA@example.com") == ["ada"]


def test_a_bad_filter_gets_400_naming_it(service_client):
    response = service_client.get("/api/v1/customers/", {"active": "perhaps", "legacy_id": "x"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"active", "legacy_id"}


def test_a_service_migrates_a_customer_with_their_legacy_hash_unchanged(service_client):
    payload = {
        **NEW_CUSTOMER,
        "id": "4f0c6f4e-5a1e-5a43-9d0e-3d1b8f1b7a11",
        "legacy_id": 77,
        "password_hash": LEGACY_HASH,
        "joined_at": "2019-03-31T00:30:00Z",
    }

    response = service_client.post("/api/v1/customers/", payload, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["id"] == payload["id"]
    assert body["legacy_id"] == 77
    assert body["joined_at"] == "2019-03-31T00:30:00Z"
    assert body["password_hash"] == LEGACY_HASH
    assert response["Location"].endswith(f"/api/v1/customers/{payload['id']}/")
    stored = Customer.objects.get(username="grace")
    assert stored.password_hash == LEGACY_HASH
    assert stored.address == NEW_CUSTOMER["address"]
    (event,) = _events("users.customer.registered.v1")
    assert event.aggregate_id == payload["id"]
    assert event.data == body


def test_staff_create_a_customer_with_a_password_that_is_hashed(staff_client):
    response = staff_client.post(
        "/api/v1/customers/", {**NEW_CUSTOMER, "password": "Tr1cky-Pa55word"}, format="json"
    )

    assert response.status_code == 201
    assert "password" not in response.json()
    stored = Customer.objects.get(username="grace")
    assert stored.legacy_id is None
    assert check_password("Tr1cky-Pa55word", stored.password_hash)


def test_a_weak_password_gets_400_and_creates_nothing(staff_client):
    response = staff_client.post(
        "/api/v1/customers/", {**NEW_CUSTOMER, "password": "12345678"}, format="json"
    )

    assert response.status_code == 400
    assert "This password is too common." in response.json()["errors"]["password"]
    assert not Customer.objects.exists()
    assert not _events("users.customer.registered.v1")


def test_a_taken_username_gets_409_naming_the_field(service_client, customer):
    response = service_client.post(
        "/api/v1/customers/", {**NEW_CUSTOMER, "username": "ada"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["errors"] == {"username": ["another customer already has username ada"]}
    assert Customer.objects.count() == 1


def test_a_taken_legacy_id_gets_409(service_client, customer):
    response = service_client.post(
        "/api/v1/customers/", {**NEW_CUSTOMER, "legacy_id": 42}, format="json"
    )

    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["legacy_id"]


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            {"lines": ["1 Navy Way"], "city": "Portsmouth", "postcode": "po13lj", "country": "GB"},
            "postcode",
        ),
        ({"lines": [], "city": "Portsmouth", "postcode": "PO1 3LJ", "country": "GB"}, "lines"),
        (
            {"lines": ["1 Navy Way"], "city": "Portsmouth", "postcode": "PO1 3LJ", "country": "FR"},
            "country",
        ),
        ({"street": "1 Navy Way"}, "expected"),
        ({"unparsed": ""}, "unparsed"),
    ],
)
def test_an_address_the_shop_cannot_hold_gets_400(service_client, address, message):
    response = service_client.post(
        "/api/v1/customers/", {**NEW_CUSTOMER, "address": address}, format="json"
    )

    assert response.status_code == 400
    assert message in response.json()["errors"]["address"][0]
    assert not Customer.objects.exists()


def test_an_address_that_did_not_parse_is_kept_as_it_was(service_client):
    blob = {"unparsed": "Flat 2\n\nsomewhere near the station"}

    response = service_client.post(
        "/api/v1/customers/", {**NEW_CUSTOMER, "address": blob}, format="json"
    )

    assert response.status_code == 201
    assert Customer.objects.get().address == blob


def test_a_hash_no_hasher_can_read_gets_400(service_client):
    response = service_client.post(
        "/api/v1/customers/", {**NEW_CUSTOMER, "password_hash": "plaintext"}, format="json"
    )

    assert response.status_code == 400
    assert "not a password hash" in response.json()["errors"]["password_hash"][0]


def test_customers_cannot_create_accounts(customer):
    response = client_as(customer_identity(42)).post(
        "/api/v1/customers/", NEW_CUSTOMER, format="json"
    )

    assert response.status_code == 403
    assert Customer.objects.count() == 1


def test_staff_may_not_set_service_only_fields(staff_client):
    response = staff_client.post(
        "/api/v1/customers/",
        {**NEW_CUSTOMER, "legacy_id": 5, "password_hash": LEGACY_HASH},
        format="json",
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "staff members may not set legacy_id, password_hash"
    assert set(response.json()["errors"]) == {"legacy_id", "password_hash"}
    assert not Customer.objects.exists()


def test_a_retried_create_with_the_same_key_creates_one_customer(service_client):
    first = service_client.post(
        "/api/v1/customers/", NEW_CUSTOMER, format="json", HTTP_IDEMPOTENCY_KEY="reg-1"
    )
    retry = service_client.post(
        "/api/v1/customers/", NEW_CUSTOMER, format="json", HTTP_IDEMPOTENCY_KEY="reg-1"
    )
    changed = service_client.post(
        "/api/v1/customers/",
        {**NEW_CUSTOMER, "username": "gracie"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="reg-1",
    )

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert retry["Location"] == first["Location"]
    assert changed.status_code == 422
    assert Customer.objects.count() == 1
    assert len(_events("users.customer.registered.v1")) == 1
    assert IdempotencyRecord.objects.get().key == "reg-1"


def test_a_body_missing_the_username_gets_400(service_client):
    response = service_client.post("/api/v1/customers/", {"email": "x@example.com"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"username": ["This field is required."]}
