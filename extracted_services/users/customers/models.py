"""Customers in the clean vocabulary: one row per customer, login, profile and address together."""

import uuid

from django.db import models
from django.utils import timezone


class Customer(models.Model):
    """`address` is `{lines, city, postcode, country}`, `{unparsed}` (kept as migrated) or null.

    `password_hash` is Django's encoded hash exactly as the monolith stored it, so existing
    customers keep their passwords.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    legacy_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    username = models.CharField(max_length=150, unique=True)
    email = models.EmailField(max_length=254, blank=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    address = models.JSONField(null=True, blank=True)
    newsletter = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    password_hash = models.CharField(max_length=128)
    joined_at = models.DateTimeField(default=timezone.now)
    last_login_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["username"]
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return self.username
