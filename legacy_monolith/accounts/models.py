"""Customer profile: the shop's extra columns beside Django's auth user."""

from django.conf import settings
from django.db import models

from legacy_monolith.flags import YesNo, yes_no_field
from messaging.changes import ChangeRecordingModel, ChangeRecordingQuerySet


class Profile(ChangeRecordingModel):
    """One row per customer. `addr` is the legacy free-text address blob (one line per part)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    phone_no = models.CharField("phone", max_length=32, blank=True)
    addr = models.TextField("address", blank=True, help_text="Free text, one line per part.")
    newsletter_yn = yes_no_field(default=YesNo.NO, verbose_name="newsletter")
    modified_dt = models.DateTimeField("modified", auto_now=True)

    # Every write, bulk ones included, records the customer's change event (legacy_monolith/events).
    objects = ChangeRecordingQuerySet.as_manager()

    class Meta:
        db_table = "tbl_customer_profile"

    def __str__(self) -> str:
        return f"Profile of {self.user}"
