"""Snapshots of customers and products as their owning services last announced them."""

from django.db import models


class CustomerSnapshot(models.Model):
    id = models.UUIDField(primary_key=True, help_text="The customer's id in the users service.")
    legacy_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    email = models.EmailField(blank=True)
    name = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    # When the users service made the change: an older event never overwrites a newer snapshot.
    source_changed_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email or str(self.id)


class ProductSnapshot(models.Model):
    id = models.UUIDField(primary_key=True, help_text="The product's id in the products service.")
    legacy_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    sku = models.CharField(max_length=64, blank=True)
    name = models.CharField(max_length=200)
    price = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    is_active = models.BooleanField(default=True)
    source_changed_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
