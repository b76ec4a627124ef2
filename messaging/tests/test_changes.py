"""Change feeds: saves, deletes and bulk writes on a model all record events with the change."""

import pytest
from django.db import IntegrityError, transaction

from messaging.changes import feed_for
from messaging.models import OutboxEvent
from messaging.tests.testapp.events import GADGET_CHANGED, GADGET_DELETED
from messaging.tests.testapp.models import Account, Gadget

pytestmark = pytest.mark.django_db(transaction=True)


def events() -> list[tuple[str, str, int, dict]]:
    return list(
        OutboxEvent.objects.order_by("id").values_list("type", "aggregate_id", "sequence", "data")
    )


def test_a_plain_save_outside_any_transaction_records_its_event_atomically():
    gadget = Gadget.objects.create(name="Lamp", price_cents=1500)
    gadget.price_cents = 1700
    gadget.save()

    assert events() == [
        (GADGET_CHANGED, str(gadget.pk), 1, {"id": gadget.pk, "name": "Lamp", "price_cents": 1500}),
        (GADGET_CHANGED, str(gadget.pk), 2, {"id": gadget.pk, "name": "Lamp", "price_cents": 1700}),
    ]


def test_a_save_that_rolls_back_leaves_no_event():
    with pytest.raises(RuntimeError), transaction.atomic():
        Gadget.objects.create(name="Lamp")
        raise RuntimeError("admin form failed later")

    assert events() == []


def test_queryset_update_records_one_event_per_changed_row_with_its_new_state():
    lamp, desk = Gadget.objects.create(name="Lamp"), Gadget.objects.create(name="Desk")
    Gadget.objects.create(name="Chair", price_cents=9)
    OutboxEvent.objects.all().delete()

    count = Gadget.objects.filter(price_cents=0).update(price_cents=250)

    assert count == 2
    assert events() == [
        (GADGET_CHANGED, str(lamp.pk), 2, {"id": lamp.pk, "name": "Lamp", "price_cents": 250}),
        (GADGET_CHANGED, str(desk.pk), 2, {"id": desk.pk, "name": "Desk", "price_cents": 250}),
    ]


def test_bulk_create_and_bulk_update_record_an_event_per_row():
    created = Gadget.objects.bulk_create([Gadget(name="A"), Gadget(name="B")])
    for gadget in created:
        gadget.price_cents = 5
    Gadget.objects.bulk_update(created, ["price_cents"])

    assert [(t, s, seq, d["price_cents"]) for t, s, seq, d in events()] == [
        (GADGET_CHANGED, str(created[0].pk), 1, 0),
        (GADGET_CHANGED, str(created[1].pk), 1, 0),
        (GADGET_CHANGED, str(created[0].pk), 2, 5),
        (GADGET_CHANGED, str(created[1].pk), 2, 5),
    ]


def test_deletes_one_by_one_and_in_bulk_record_deleted_events():
    lamp, desk, chair = (Gadget.objects.create(name=n) for n in ("Lamp", "Desk", "Chair"))
    ids = [lamp.pk, desk.pk, chair.pk]
    OutboxEvent.objects.all().delete()

    lamp.delete()
    Gadget.objects.filter(pk__in=ids[1:]).delete()

    assert sorted(((t, s, d["id"]) for t, s, _, d in events()), key=lambda e: e[2]) == [
        (GADGET_DELETED, str(pk), pk) for pk in sorted(ids)
    ]
    assert not Gadget.objects.exists()


def test_a_bulk_write_that_fails_leaves_neither_rows_nor_events():
    Gadget.objects.create(name="Lamp")
    OutboxEvent.objects.all().delete()

    with pytest.raises(IntegrityError):
        Gadget.objects.update(price_cents=-5)  # the column refuses negative prices

    assert Gadget.objects.get().price_cents == 0
    assert events() == []


def test_models_without_a_feed_are_named_in_the_error():
    with pytest.raises(LookupError, match=r"messaging_testapp\.Account has no change feed"):
        feed_for(Account)


def test_update_works_on_querysets_that_cannot_be_locked_directly():
    """Admin searches across relations add distinct(), which FOR UPDATE refuses on PostgreSQL."""
    lamp = Gadget.objects.create(name="Lamp")
    Gadget.objects.create(name="Desk")
    OutboxEvent.objects.all().delete()

    count = Gadget.objects.filter(name__startswith="La").distinct().update(price_cents=99)

    assert count == 1
    assert [(t, s, d["price_cents"]) for t, s, _, d in events()] == [
        (GADGET_CHANGED, str(lamp.pk), 99)
    ]
