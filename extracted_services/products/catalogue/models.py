"""Catalogue and stock in the clean vocabulary: UUIDs, Decimal money with a currency, booleans."""

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Category(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    legacy_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    visible = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """`stock` is what can still be reserved: held and confirmed reservations are taken off it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    legacy_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    sku = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    price_amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="GBP")
    stock = models.PositiveIntegerField(default=0)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["active", "category"])]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="product_stock_not_negative"),
            models.CheckConstraint(
                condition=Q(price_amount__gte=0), name="product_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"

    @property
    def price(self) -> tuple[Decimal, str]:
        return self.price_amount, self.currency


class ReservationStatus(models.TextChoices):
    HELD = "held", "held"
    CONFIRMED = "confirmed", "confirmed"
    RELEASED = "released", "released"


class Reservation(models.Model):
    """Stock held for one order. The id is chosen by the caller, so a retried reserve is a no-op.

    A release of an id never reserved leaves a released reservation without lines, so a late
    reserve with that id cannot hold stock any more.
    """

    id = models.UUIDField(primary_key=True)
    order_id = models.UUIDField(null=True, blank=True, unique=True)
    status = models.CharField(max_length=10, choices=ReservationStatus.choices)
    released_from = models.CharField(
        max_length=10,
        choices=ReservationStatus.choices,
        blank=True,
        help_text="the status a released reservation had; empty if it was never reserved",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"reservation {self.id} ({self.status})"


class ReservationLine(models.Model):
    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="reservation_lines")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["reservation", "product"], name="one_line_per_product"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_id}"
