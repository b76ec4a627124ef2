"""Writer side (Account, Gadget) and consumer side (Projection, AppliedEvent) of the tests."""

from django.db import models

from messaging.changes import ChangeRecordingModel, ChangeRecordingQuerySet


class Account(models.Model):
    name = models.CharField(max_length=100)
    balance = models.IntegerField(default=0)

    def __str__(self) -> str:
        return self.name


class Gadget(ChangeRecordingModel):
    """A model whose every write records an event through a change feed."""

    name = models.CharField(max_length=100)
    price_cents = models.PositiveIntegerField(default=0)

    objects = ChangeRecordingQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name


class Projection(models.Model):
    """A consumer's read model of an account, built only from events."""

    account_id = models.BigIntegerField(unique=True)
    name = models.CharField(max_length=100)
    balance = models.IntegerField(default=0)
    last_sequence = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"projection of account {self.account_id}"


class AppliedEvent(models.Model):
    """Every time a handler applied an event: order and count of applications are checked."""

    consumer = models.CharField(max_length=100)
    event_id = models.CharField(max_length=100)
    subject = models.CharField(max_length=100)
    sequence = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return f"{self.consumer} applied {self.event_id}"


class Fault(models.Model):
    """While a row exists for an event type, its handler fails with `message`."""

    event_type = models.CharField(max_length=200, unique=True)
    message = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.event_type
