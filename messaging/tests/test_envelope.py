"""The CloudEvents envelope: what goes on the wire and what is refused when read back."""

import json

import pytest

from messaging.envelope import CONTENT_TYPE, EnvelopeError, Event, parse

EVENT = Event(
    id="5f0c8c8e-3c59-4a8e-9a47-0d0e1e9c2b11",
    type="products.product.price_changed.v1",
    source="/products",
    subject="42",
    sequence=7,
    time="2025-03-30T01:30:00.000001Z",
    data={"price_cents": 1299},
    traceparent="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
)


def test_the_wire_format_is_a_structured_cloudevent():
    wire = json.loads(EVENT.to_json())

    assert CONTENT_TYPE == "application/cloudevents+json"
    assert wire == {
        "specversion": "1.0",
        "id": EVENT.id,
        "source": "/products",
        "type": "products.product.price_changed.v1",
        "subject": "42",
        "sequence": 7,
        "time": "2025-03-30T01:30:00.000001Z",
        "datacontenttype": "application/json",
        "data": {"price_cents": 1299},
        "traceparent": EVENT.traceparent,
    }


def test_an_event_survives_the_round_trip():
    assert parse(EVENT.to_json()) == EVENT
    assert EVENT.occurred_at.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "body is not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"id": "1"}', "missing source, type, specversion, time, subject, sequence, data"),
        (
            json.dumps({**json.loads(EVENT.to_json()), "specversion": "0.3"}).encode(),
            "unsupported CloudEvents specversion",
        ),
        (
            json.dumps({**json.loads(EVENT.to_json()), "sequence": "seven"}).encode(),
            "sequence 'seven' is not an integer",
        ),
    ],
)
def test_a_body_that_is_not_our_cloudevent_is_refused_with_the_reason(body, message):
    with pytest.raises(EnvelopeError, match=message):
        parse(body)
