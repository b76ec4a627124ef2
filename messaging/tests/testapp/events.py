"""Event types of the test app, registered with their schemas, and the writes that record them."""

from django.db import transaction

from messaging.changes import ChangeFeed, register_feed
from messaging.event_types import register_event_type
from messaging.outbox import record_event

from .models import Account, Gadget

OPENED = "testapp.account.opened.v1"
CREDITED = "testapp.account.credited.v1"
AUDITED = "testapp.account.audited.v1"
GADGET_CHANGED = "testapp.gadget.changed.v1"
GADGET_DELETED = "testapp.gadget.deleted.v1"

_ID = {"type": "integer", "minimum": 1}

register_event_type(
    OPENED,
    owner="testapp",
    schema={
        "type": "object",
        "properties": {"account_id": _ID, "name": {"type": "string", "minLength": 1}},
        "required": ["account_id", "name"],
        "additionalProperties": False,
    },
)
register_event_type(
    CREDITED,
    owner="testapp",
    schema={
        "type": "object",
        "properties": {"account_id": _ID, "amount": {"type": "integer", "minimum": 1}},
        "required": ["account_id", "amount"],
        "additionalProperties": False,
    },
)
register_event_type(
    AUDITED,
    owner="testapp",
    schema={"type": "object", "properties": {"account_id": _ID}, "required": ["account_id"]},
)
register_event_type(
    GADGET_CHANGED,
    owner="testapp",
    schema={
        "type": "object",
        "properties": {"id": _ID, "name": {"type": "string"}, "price_cents": {"type": "integer"}},
        "required": ["id", "name", "price_cents"],
        "additionalProperties": False,
    },
)
register_event_type(
    GADGET_DELETED,
    owner="testapp",
    schema={"type": "object", "properties": {"id": _ID}, "required": ["id"]},
)

register_feed(
    ChangeFeed(
        model=Gadget,
        changed=GADGET_CHANGED,
        deleted=GADGET_DELETED,
        snapshot=lambda g: {"id": g.pk, "name": g.name, "price_cents": g.price_cents},
    )
)


def account_open(*, name: str) -> Account:
    with transaction.atomic():
        account = Account.objects.create(name=name)
        record_event(type=OPENED, subject=account.pk, data={"account_id": account.pk, "name": name})
    return account


def account_credit(*, account_id: int, amount: int) -> None:
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account_id)
        account.balance += amount
        account.save(update_fields=["balance"])
        record_event(
            type=CREDITED, subject=account.pk, data={"account_id": account.pk, "amount": amount}
        )


def account_audit(*, account_id: int) -> None:
    with transaction.atomic():
        record_event(type=AUDITED, subject=account_id, data={"account_id": account_id})
