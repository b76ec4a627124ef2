"""The legacy ids reverse sync gave rows born on the new side (the `acl.ids.IdMap` it keeps)."""

from django.db import models

from acl.ids import Kind


class LegacyIdPair(models.Model):
    """A UUID minted by a service and the legacy id of the row reverse sync inserted for it.

    `linked_dt` is when the owning service acknowledged the legacy id (`PUT .../legacy-id/`);
    null while it still has to be told. Order lines have no such endpoint: nothing to tell.
    """

    kind = models.CharField(max_length=16, choices=[(kind.value, kind.value) for kind in Kind])
    uuid = models.UUIDField()
    legacy_id = models.PositiveIntegerField()
    created_dt = models.DateTimeField(auto_now_add=True)
    linked_dt = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "uuid"], name="one_legacy_id_per_uuid"),
            models.UniqueConstraint(fields=["kind", "legacy_id"], name="one_uuid_per_legacy_id"),
        ]
        indexes = [
            models.Index(
                fields=["linked_dt"],
                name="pair_not_linked",
                condition=models.Q(linked_dt__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.uuid} = legacy {self.legacy_id}"
