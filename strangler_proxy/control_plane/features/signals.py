"""Any change to what the proxy routes by bumps the table version, in the same transaction."""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CohortPin, Feature, Route, TableVersion


def bump_table_version() -> None:
    if not TableVersion.objects.filter(pk=1).update(version=F("version") + 1):
        TableVersion.objects.get_or_create(pk=1, defaults={"version": 2})


@receiver(post_save, sender=Feature)
@receiver(post_save, sender=Route)
@receiver(post_save, sender=CohortPin)
@receiver(post_delete, sender=Feature)
@receiver(post_delete, sender=Route)
@receiver(post_delete, sender=CohortPin)
def _routing_changed(**kwargs: object) -> None:
    bump_table_version()
