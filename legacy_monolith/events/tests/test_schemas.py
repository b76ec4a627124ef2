"""Every legacy event type is registered with its schema, refuses bad payloads and is documented."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from legacy_monolith.accounts.models import Profile
from legacy_monolith.catalogue.models import Product
from legacy_monolith.events import schemas
from legacy_monolith.factories import OrderFactory, ProductFactory, UserFactory
from legacy_monolith.orders.models import Order
from messaging.event_types import SchemaViolation, all_event_types

from .support import forget_recorded, recorded

CATALOGUE = Path(settings.BASE_DIR).parent / "docs" / "events.md"


def _legacy_types() -> dict[str, str]:
    return {t.name: t.owner for t in all_event_types() if t.name.startswith("legacy.")}


def test_every_legacy_event_type_is_registered_with_the_monolith_as_owner():
    assert _legacy_types() == {name: "legacy_monolith" for name, _, _ in schemas.EVENT_TYPES}
    assert len(_legacy_types()) == 8


def test_the_catalogue_in_docs_lists_every_legacy_event_type_with_its_owner():
    rows = {
        match[0]: match[1]
        for match in re.findall(
            r"^\| `(legacy\.[a-z_.]+\.v\d+)` \|[^|]*\|[^|]*\| (\w+) \|", CATALOGUE.read_text(), re.M
        )
    }
    assert rows == _legacy_types()


@pytest.mark.django_db
@pytest.mark.postgres
def test_a_product_save_that_breaks_the_schema_is_refused_naming_the_field():
    with pytest.raises(SchemaViolation, match=r"field 'active_yn': 'X' is not one of \['Y', 'N'\]"):
        ProductFactory(prod_code="BAD-1", active_yn="X")

    assert not Product.objects.filter(prod_code="BAD-1").exists()


@pytest.mark.django_db
@pytest.mark.postgres
def test_a_bulk_update_that_breaks_the_schema_is_refused_and_changes_nothing():
    product = ProductFactory(active_yn="Y")
    forget_recorded()

    with pytest.raises(SchemaViolation, match="field 'active_yn'"):
        Product.objects.filter(pk=product.pk).update(active_yn="?")

    assert Product.objects.get(pk=product.pk).active_yn == "Y"
    assert recorded() == []


@pytest.mark.django_db
@pytest.mark.postgres
def test_nested_fields_are_named_by_their_path():
    order = OrderFactory()
    user = UserFactory()
    order.status = "Z"
    profile = Profile.objects.get(user=user)
    profile.newsletter_yn = "X"

    with pytest.raises(SchemaViolation, match=r"field 'order\.status': 'Z' is not one of"):
        order.save()
    with pytest.raises(SchemaViolation, match=r"field 'profile\.newsletter_yn'"):
        profile.save()

    assert Order.objects.get(pk=order.pk).status == "N"
    assert Profile.objects.get(pk=profile.pk).newsletter_yn == "N"
