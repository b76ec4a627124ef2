"""What the proxy routes by (features, routes, cohort pins), what happened (audit), what it saw."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from strangler_proxy.stages import Stage

STAGE_CHOICES = [(s.value, s.value) for s in Stage]


class Feature(models.Model):
    """A slice of the shop that migrates as one (users, products, orders)."""

    name = models.SlugField(unique=True)
    backend = models.SlugField(help_text="Name of the service backend in the proxy's config")
    stage = models.CharField(max_length=16, choices=STAGE_CHOICES, default=Stage.LEGACY.value)
    percent = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    write_hold = models.BooleanField(
        default=False, help_text="Writes are held by the proxy while their owner changes"
    )
    normaliser = models.CharField(
        max_length=200, blank=True, help_text="module:function comparing shadow answers"
    )
    noise_fields = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.stage}{f' {self.percent}%' if self.stage == 'canary' else ''})"


class Route(models.Model):
    """A path pattern (and methods) that belongs to a feature."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="routes")
    position = models.PositiveIntegerField(default=0, help_text="Earlier routes win")
    pattern = models.CharField(max_length=300, help_text="/api/products/{id}/ or /shop/{rest*}")
    methods = models.CharField(max_length=100, blank=True, help_text="GET,HEAD; empty for all")
    new_path = models.CharField(max_length=300, blank=True, help_text="Path on the service")
    translator = models.CharField(max_length=200, blank=True, help_text="module:attribute (ACL)")
    timeout = models.FloatField(default=10.0, validators=[MinValueValidator(0.05)])
    retries = models.PositiveSmallIntegerField(default=1)
    fallback = models.BooleanField(default=True, help_text="Reads may fall back to legacy")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.methods or '*'} {self.pattern}"


class CohortPin(models.Model):
    """A user (user:<id>) or visitor (anon:<cookie>) always sent to legacy or new in canary."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="pins")
    user_key = models.CharField(max_length=100)
    target = models.CharField(max_length=6, choices=[("legacy", "legacy"), ("new", "new")])
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feature", "user_key"], name="one_pin_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_key} → {self.target}"


class AuditEntry(models.Model):
    """Every change of stage: who, when, from where, to where, why."""

    class Kind(models.TextChoices):
        STAGE = "stage", "stage change"
        ROLLBACK = "rollback", "rollback"
        SWITCH_ABORTED = "switch-aborted", "write switch aborted"

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="audit")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STAGE)
    actor = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)
    from_stage = models.CharField(max_length=16)
    from_percent = models.PositiveSmallIntegerField()
    to_stage = models.CharField(max_length=16)
    to_percent = models.PositiveSmallIntegerField()
    reason = models.TextField()
    forced = models.BooleanField(default=False)
    write_pause_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.feature_id}: {self.from_stage} → {self.to_stage} by {self.actor}"


class ShadowDiff(models.Model):
    """Mismatches seen in shadow mode for one field of one route, with the latest sample."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="diffs")
    route = models.CharField(max_length=300)
    field = models.CharField(max_length=300)
    count = models.PositiveBigIntegerField(default=0)
    sample = models.JSONField(default=dict)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-count"]
        constraints = [
            models.UniqueConstraint(fields=["feature", "route", "field"], name="one_diff_per_field")
        ]

    def __str__(self) -> str:
        return f"{self.field} ({self.count})"


class ShadowTally(models.Model):
    """Shadow comparisons per route: how many were made, mismatched, dropped or failed."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="shadow_tallies")
    route = models.CharField(max_length=300)
    samples = models.PositiveBigIntegerField(default=0)
    mismatched = models.PositiveBigIntegerField(default=0)
    dropped = models.PositiveBigIntegerField(default=0)
    errors = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feature", "route"], name="one_tally_per_route")
        ]

    def __str__(self) -> str:
        return f"{self.route}: {self.mismatched}/{self.samples}"


class TrafficTally(models.Model):
    """Requests and 5xx answers per feature, side (legacy/new) and minute, from the proxy."""

    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="traffic")
    minute = models.DateTimeField()
    side = models.CharField(max_length=6)
    requests = models.PositiveBigIntegerField(default=0)
    errors = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["feature", "minute", "side"], name="one_tally_per_minute"
            )
        ]

    def __str__(self) -> str:
        return f"{self.minute:%H:%M} {self.side}: {self.requests}"


class TableVersion(models.Model):
    """One row: bumped in the same transaction as every routing change; the proxy's ETag."""

    version = models.PositiveBigIntegerField(default=1)

    def __str__(self) -> str:
        return f"version {self.version}"


class ProxyWorker(models.Model):
    """A proxy worker as last seen polling: the table version it serves, its drained holds."""

    worker_id = models.CharField(max_length=200, unique=True)
    applied_version = models.PositiveBigIntegerField(default=0)
    idle_features = models.JSONField(default=list)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker_id
