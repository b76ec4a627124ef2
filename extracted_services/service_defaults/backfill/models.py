"""Backfill checkpoints: how far each step has copied the legacy table, and what it found."""

from django.db import models

# Enough failures to show an operator what to fix, without letting a bad table bloat the row.
FAILURE_SAMPLE_SIZE = 50


class BackfillCheckpoint(models.Model):
    """Progress of one backfill step (e.g. `orders`): every legacy id up to `last_legacy_id` is done.

    The checkpoint is saved in the same transaction as the batch it covers, so after a crash it
    names exactly the last batch that was applied, and a new run resumes after it.
    """

    step = models.CharField(max_length=64, unique=True)
    last_legacy_id = models.BigIntegerField(default=0)
    copied = models.BigIntegerField(default=0, help_text="rows written (created or updated)")
    unchanged = models.BigIntegerField(default=0, help_text="rows already identical here")
    newer_here = models.BigIntegerField(
        default=0, help_text="rows left alone because this service holds a newer copy"
    )
    failed = models.BigIntegerField(default=0, help_text="rows that could not be copied")
    failures = models.JSONField(
        default=list, blank=True, help_text="a sample of failed rows: legacy id and reason"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["step"]

    def __str__(self) -> str:
        state = "finished" if self.finished_at else f"after legacy id {self.last_legacy_id}"
        return f"backfill {self.step} ({state})"

    @property
    def processed(self) -> int:
        return self.copied + self.unchanged + self.newer_here + self.failed
