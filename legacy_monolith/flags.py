"""The legacy `Y`/`N` flag columns, as they were designed in the shop's first version."""

from django.db import models


class YesNo(models.TextChoices):
    YES = "Y", "Yes"
    NO = "N", "No"


def yes_no_field(default: str = YesNo.YES, **kwargs) -> models.CharField:
    return models.CharField(max_length=1, choices=YesNo.choices, default=default, **kwargs)
