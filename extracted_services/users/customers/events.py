"""Events the users service publishes, their JSON Schemas, and the calls that record them.

Each is recorded through the messaging outbox in the transaction of the write it describes.
The payload is the whole customer in the clean vocabulary (the shape `acl.users` reads), so a
consumer never needs to call back; `updated` adds `changed`, the names of the changed fields.
"""

from __future__ import annotations

import json
from typing import Any

from rest_framework.renderers import JSONRenderer

from extracted_services.users.customers.models import Customer
from extracted_services.users.customers.serializers import ServiceCustomerSerializer
from messaging.event_types import register_event_type
from messaging.outbox import record_event

CUSTOMER_REGISTERED = "users.customer.registered.v1"
CUSTOMER_UPDATED = "users.customer.updated.v1"

_TEXT = {"type": "string"}
_TIME = {"type": "string", "format": "date-time"}
_ADDRESS = {
    "oneOf": [
        {"type": "null"},
        {
            "type": "object",
            "properties": {
                "lines": {"type": "array", "items": _TEXT, "minItems": 1},
                "city": _TEXT,
                "postcode": _TEXT,
                "country": {"type": ["string", "null"]},
            },
            "required": ["lines", "city", "postcode", "country"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {"unparsed": _TEXT},
            "required": ["unparsed"],
            "additionalProperties": False,
        },
    ]
}
CUSTOMER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "legacy_id": {"type": ["integer", "null"], "minimum": 1},
        "username": _TEXT,
        "email": _TEXT,
        "first_name": _TEXT,
        "last_name": _TEXT,
        "phone": _TEXT,
        "address": _ADDRESS,
        "newsletter": {"type": "boolean"},
        "active": {"type": "boolean"},
        "password_hash": _TEXT,
        "joined_at": _TIME,
        "last_login_at": {"type": ["string", "null"], "format": "date-time"},
        "updated_at": _TIME,
    },
    "required": [
        "id",
        "legacy_id",
        "username",
        "email",
        "first_name",
        "last_name",
        "phone",
        "address",
        "newsletter",
        "active",
        "password_hash",
        "joined_at",
        "last_login_at",
        "updated_at",
    ],
    "additionalProperties": False,
}

register_event_type(
    CUSTOMER_REGISTERED,
    owner="users",
    description="A customer account was created (registered, backfilled or synced).",
    schema=CUSTOMER_SCHEMA,
)
register_event_type(
    CUSTOMER_UPDATED,
    owner="users",
    description="A customer's account, profile, address or password changed; `changed` says which.",
    schema={
        **CUSTOMER_SCHEMA,
        "properties": {
            **CUSTOMER_SCHEMA["properties"],
            "changed": {"type": "array", "items": _TEXT, "minItems": 1},
        },
        "required": [*CUSTOMER_SCHEMA["required"], "changed"],
    },
)


def customer_payload(customer: Customer) -> dict[str, Any]:
    """The customer as JSON, exactly as services see it over the API."""
    return json.loads(JSONRenderer().render(ServiceCustomerSerializer(customer).data))


def customer_registered(*, customer: Customer) -> None:
    """Call inside the transaction that created `customer`."""
    record_event(
        type=CUSTOMER_REGISTERED,
        subject=str(customer.id),
        data=customer_payload(customer),
    )


def customer_updated(*, customer: Customer, changed: list[str]) -> None:
    """Call inside the transaction that changed `changed` fields of `customer`."""
    record_event(
        type=CUSTOMER_UPDATED,
        subject=str(customer.id),
        data={**customer_payload(customer), "changed": changed},
    )
