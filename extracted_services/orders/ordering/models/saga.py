"""Persisted saga state: which step an order's placement or cancellation has reached, and when to retry."""

import uuid

from django.db import models
from django.utils import timezone

from .order import Order


class SagaKind(models.TextChoices):
    PLACEMENT = "placement", "Placement"
    CANCELLATION = "cancellation", "Cancellation"


class SagaStep(models.TextChoices):
    RESERVE_STOCK = "reserve_stock", "Reserve stock"
    CONFIRM_RESERVATION = "confirm_reservation", "Confirm reservation"
    RELEASE_STOCK = "release_stock", "Release stock"
    DONE = "done", "Done"


class SagaState(models.TextChoices):
    RUNNING = "running", "Running"
    COMPENSATING = "compensating", "Compensating"
    SUCCEEDED = "succeeded", "Succeeded"
    COMPENSATED = "compensated", "Compensated"


ACTIVE_SAGA_STATES = (SagaState.RUNNING, SagaState.COMPENSATING)


class OrderSaga(models.Model):
    """One saga run for one order; `next_attempt_at` is both the retry time and the runner's lease.

    A runner claims a saga by moving `next_attempt_at` into the future; if it dies mid-step the
    lease runs out and `resume_sagas` picks the saga up again at the step it had reached.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="sagas")
    kind = models.CharField(max_length=16, choices=SagaKind.choices)
    step = models.CharField(max_length=24, choices=SagaStep.choices)
    state = models.CharField(max_length=16, choices=SagaState.choices, default=SagaState.RUNNING)
    attempts = models.PositiveIntegerField(
        default=0, help_text="Failed attempts at the current step."
    )
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="one_saga_per_order_and_kind"),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="saga_due")]

    def __str__(self) -> str:
        return f"{self.kind} of order {self.order_id} at {self.step} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_SAGA_STATES
