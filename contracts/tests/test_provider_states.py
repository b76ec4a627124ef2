"""The provider-state endpoint and the legacy shop's state handlers, against the real database."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from rest_framework.authtoken.models import Token

from contracts.config import load_config
from contracts.guards import StateSignature, state_problems
from contracts.pactfile import load_pact
from contracts.provider_states import views
from contracts.provider_states.registry import (
    StateHandler,
    StateRefused,
    StateRegistry,
    load_registry,
    registry,
    signature_of,
)
from legacy_monolith.catalogue.models import Product
from legacy_monolith.factories import ProductFactory
from legacy_monolith.orders.models import Order

PRODUCT = "a product with id {prod_id} and stock {qty}"
ORDER = "the customer with token {token} has order {order_id} in status {status}"
TOKEN = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"


@pytest.fixture
def shop_states():
    return load_registry("legacy_monolith", load_config())


@pytest.fixture
def endpoint(settings):
    settings.CONTRACTS_PROVIDER = {"NAME": "legacy_monolith", "URLCONF": "legacy_monolith.urls"}
    registry.cache_clear()
    views.FAILED_STATE_CHANGES.clear()
    yield
    registry.cache_clear()
    views.FAILED_STATE_CHANGES.clear()


def _post(body: object) -> tuple[int, dict]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = RequestFactory().post("/_pact/provider-states", raw, content_type="application/json")
    response = views.provider_states(request)
    return response.status_code, json.loads(response.content)


def _get() -> dict:
    return json.loads(views.provider_states(RequestFactory().get("/_pact/provider-states")).content)


def test_every_state_in_the_committed_pact_has_a_handler_taking_its_parameters(shop_states) -> None:
    pact = load_pact(load_config().pairs[0].pact)
    signatures = {
        name: StateSignature.from_description(d) for name, d in shop_states.describe().items()
    }

    assert state_problems(pact, signatures, provider="legacy_monolith") == []
    assert shop_states.describe()[PRODUCT] == {
        "required": ["prod_id", "qty"],
        "optional": [],
        "accepts_more": False,
    }


@pytest.mark.django_db
def test_a_product_state_creates_it_with_its_id_and_stock(shop_states) -> None:
    shop_states.setup(PRODUCT, {"prod_id": 17, "qty": 7})

    product = Product.objects.get(pk=17)
    assert product.qty_on_hand == 7
    assert product.active_yn == "Y"


@pytest.mark.postgres
@pytest.mark.django_db
def test_ids_generated_after_a_state_come_after_the_ids_it_chose(shop_states) -> None:
    shop_states.setup(PRODUCT, {"prod_id": 500, "qty": 1})

    assert ProductFactory().pk > 500


@pytest.mark.django_db
def test_an_order_state_belongs_to_the_token_customer_and_is_shipped_when_it_says_so(
    shop_states,
) -> None:
    shop_states.setup("a customer with token {token}", {"token": TOKEN})
    shop_states.setup(ORDER, {"token": TOKEN, "order_id": 1002, "status": "S"})

    order = Order.objects.get(pk=1002)
    assert order.cust_id == Token.objects.get(key=TOKEN).user_id
    assert order.status == "S" and order.ship_dt is not None
    assert order.total_cents == sum(line.line_total_cents for line in order.lines.all()) > 0


@pytest.mark.django_db
def test_unknown_states_and_wrong_parameters_are_refused(shop_states) -> None:
    with pytest.raises(StateRefused, match="no handler for provider state 'a unicorn'"):
        shop_states.setup("a unicorn", {})
    with pytest.raises(
        StateRefused, match=r"missing parameters \['qty'\]; unexpected parameters \['stock'\]"
    ):
        shop_states.setup(PRODUCT, {"prod_id": 17, "stock": 7})
    assert not Product.objects.exists()


def test_handlers_must_take_their_parameters_by_name() -> None:
    def product(prod_id: int, qty: int) -> None: ...

    with pytest.raises(
        ImproperlyConfigured, match=r"by name only \(def product\(\*, prod_id: \.\.\.\)\)"
    ):
        signature_of(product, where="provider_states.py: 'a product'")


# Committed for real: the teardown TRUNCATE is refused inside a transaction with pending checks.
@pytest.mark.django_db(transaction=True)
def test_the_endpoint_sets_up_a_state_and_teardown_empties_the_tables(endpoint) -> None:
    content_types = ContentType.objects.count()

    status, body = _post({"state": PRODUCT, "params": {"prod_id": 17, "qty": 7}, "action": "setup"})
    assert (status, body) == (200, {"state": PRODUCT, "action": "setup"})
    assert Product.objects.filter(pk=17, qty_on_hand=7).exists()

    status, _ = _post({"state": PRODUCT, "params": {"prod_id": 17, "qty": 7}, "action": "teardown"})
    assert status == 200
    assert not Product.objects.exists()
    assert ContentType.objects.count() == content_types


@pytest.mark.django_db
def test_refusals_are_a_400_never_a_500_and_are_listed_for_the_stage(endpoint, monkeypatch) -> None:
    def broken(*, prod_id: int) -> None:
        raise RuntimeError(f"no shelf for {prod_id}")

    broken_states = StateRegistry(
        {"a broken shelf {prod_id}": StateHandler("a broken shelf {prod_id}", broken, source=None)}
    )
    monkeypatch.setattr(views, "registry", lambda: broken_states)

    unknown = _post({"state": "a unicorn", "params": {}, "action": "setup"})
    faulty = _post(
        {"state": "a broken shelf {prod_id}", "params": {"prod_id": 3}, "action": "setup"}
    )
    malformed = _post(b"{not json")

    assert unknown == (
        400,
        {"error": "state_refused", "message": "no handler for provider state 'a unicorn'"},
    )
    assert faulty == (
        400,
        {
            "error": "state_refused",
            "message": "provider state 'a broken shelf {prod_id}' failed: RuntimeError: no shelf for 3",
        },
    )
    assert malformed[0] == 400 and malformed[1]["message"].startswith("the body is not JSON")
    assert [f["message"] for f in _get()["failures"]] == [
        unknown[1]["message"],
        faulty[1]["message"],
        malformed[1]["message"],
    ]


@pytest.mark.django_db
def test_an_interaction_without_states_sets_nothing_up(endpoint) -> None:
    assert _post({"state": "", "params": {}, "action": "setup"}) == (
        200,
        {"state": "", "action": "setup"},
    )
    assert not Product.objects.exists()
    assert _get()["provider"] == "legacy_monolith"
    assert PRODUCT in _get()["states"]
