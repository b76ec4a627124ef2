"""Event type registration and write-time payload validation."""

import pytest

from messaging.event_types import (
    EventTypeError,
    SchemaViolation,
    get_event_type,
    register_event_type,
)

SCHEMA = {
    "type": "object",
    "properties": {
        "price_cents": {"type": "integer", "minimum": 0},
        "address": {
            "type": "object",
            "properties": {"postcode": {"type": "string"}},
            "required": ["postcode"],
        },
    },
    "required": ["price_cents"],
}


def test_a_registered_type_knows_its_version_aggregate_and_owner():
    event_type = register_event_type(
        "unit.product.price_changed.v2", schema=SCHEMA, owner="catalogue"
    )

    assert get_event_type("unit.product.price_changed.v2") is event_type
    assert event_type.version == 2
    assert event_type.aggregate == "unit.product"
    assert event_type.owner == "catalogue"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"price_cents": "12"}, "field 'price_cents': '12' is not of type 'integer'"),
        ({"price_cents": -1}, "field 'price_cents': -1 is less than the minimum of 0"),
        ({}, "'price_cents' is a required property"),
        (
            {"price_cents": 1, "address": {"postcode": 7}},
            "field 'address.postcode': 7 is not of type 'string'",
        ),
    ],
)
def test_a_payload_that_breaks_the_schema_is_refused_naming_the_field(data, expected):
    event_type = register_event_type("unit.product.priced.v1", schema=SCHEMA, owner="catalogue")

    with pytest.raises(SchemaViolation) as caught:
        event_type.validate(data)

    assert expected in str(caught.value)
    assert str(caught.value).startswith("unit.product.priced.v1 payload is invalid")


def test_every_problem_is_reported_at_once():
    event_type = register_event_type("unit.product.priced.v1", schema=SCHEMA, owner="catalogue")

    with pytest.raises(SchemaViolation) as caught:
        event_type.validate({"price_cents": "x", "address": {}})

    assert len(caught.value.errors) == 2


@pytest.mark.parametrize(
    "name",
    ["products.price_changed", "Products.product.changed.v1", "a.b.c.v0", "a.b.c", "a.b.c.v1 "],
)
def test_names_without_a_version_suffix_or_badly_formed_are_refused(name):
    with pytest.raises(EventTypeError, match="must look like"):
        register_event_type(name, schema=SCHEMA, owner="x")


def test_re_registering_the_same_schema_is_harmless_but_a_changed_one_needs_a_new_version():
    register_event_type("unit.thing.happened.v1", schema=SCHEMA, owner="x")
    register_event_type("unit.thing.happened.v1", schema=dict(SCHEMA), owner="x")

    with pytest.raises(EventTypeError, match="new version suffix"):
        register_event_type("unit.thing.happened.v1", schema={"type": "object"}, owner="x")


def test_an_invalid_json_schema_is_refused_at_registration():
    with pytest.raises(EventTypeError, match="not a valid JSON Schema"):
        register_event_type("unit.thing.broken.v1", schema={"type": "banana"}, owner="x")


def test_an_unknown_type_says_where_to_register_it():
    with pytest.raises(EventTypeError, match=r"events\.py"):
        get_event_type("unit.never.registered.v1")
