"""Consumers of the test app: a projection of accounts and an audit handler that can be made to fail."""

from messaging.consumers import consumer
from messaging.envelope import Event

from .events import AUDITED, CREDITED, OPENED
from .models import AppliedEvent, Fault, Projection

projection = consumer("testapp-projection")
audit = consumer("testapp-audit")


def _applied(name: str, event: Event) -> None:
    AppliedEvent.objects.create(
        consumer=name, event_id=event.id, subject=event.subject, sequence=event.sequence
    )


@projection.handles(OPENED)
def account_opened(event: Event) -> None:
    Projection.objects.create(
        account_id=event.data["account_id"], name=event.data["name"], last_sequence=event.sequence
    )
    _applied(projection.name, event)


@projection.handles(CREDITED)
def account_credited(event: Event) -> None:
    row = Projection.objects.select_for_update().get(account_id=event.data["account_id"])
    row.balance += event.data["amount"]
    row.last_sequence = event.sequence
    row.save(update_fields=["balance", "last_sequence"])
    _applied(projection.name, event)


@audit.handles(AUDITED)
def account_audited(event: Event) -> None:
    fault = Fault.objects.filter(event_type=event.type).first()
    if fault is not None:
        raise RuntimeError(fault.message)
    _applied(audit.name, event)
