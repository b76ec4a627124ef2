"""Change feeds: writes inside `suppressed()` record nothing; recording resumes after the block."""

import threading

import pytest
from django.db import transaction

from messaging.changes import is_suppressed, suppressed
from messaging.models import OutboxEvent
from messaging.tests.testapp.events import GADGET_CHANGED
from messaging.tests.testapp.models import Gadget

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_kind_of_write_inside_the_block_records_nothing():
    kept = Gadget.objects.create(name="Kept")
    OutboxEvent.objects.all().delete()

    with suppressed():
        lamp = Gadget.objects.create(name="Lamp")
        lamp.price_cents = 5
        lamp.save()
        created = Gadget.objects.bulk_create([Gadget(name="A"), Gadget(name="B")])
        Gadget.objects.filter(pk__in=[g.pk for g in created]).update(price_cents=7)
        Gadget.objects.bulk_update([kept], ["name"])
        created[0].delete()
        Gadget.objects.filter(pk=created[1].pk).delete()

    assert OutboxEvent.objects.count() == 0
    assert sorted(Gadget.objects.values_list("name", "price_cents")) == [("Kept", 0), ("Lamp", 5)]


def test_recording_resumes_after_the_block_even_when_it_raised():
    with pytest.raises(RuntimeError), suppressed(), transaction.atomic():
        Gadget.objects.create(name="Lamp")
        raise RuntimeError("sync handler failed")

    assert not is_suppressed()
    gadget = Gadget.objects.create(name="Desk")
    assert list(OutboxEvent.objects.values_list("type", "aggregate_id")) == [
        (GADGET_CHANGED, str(gadget.pk))
    ]


def test_suppression_is_limited_to_the_thread_that_asked_for_it():
    other_thread_saw: list[bool] = []
    with suppressed():
        worker = threading.Thread(target=lambda: other_thread_saw.append(is_suppressed()))
        worker.start()
        worker.join()
        assert is_suppressed()

    assert other_thread_saw == [False]
