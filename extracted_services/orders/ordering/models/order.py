"""The order aggregate: an order and its lines, money as Decimal with a currency, times in UTC."""

import uuid
from decimal import Decimal

from django.db import models
from django.utils import timezone


class OrderStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # the placement saga is still running
    PLACED = "placed", "Placed"
    ON_HOLD = "on_hold", "On hold"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"
    REJECTED = "rejected", "Rejected"  # the placement saga failed; the reason says why


UNSHIPPED_STATUSES = (OrderStatus.PLACED, OrderStatus.ON_HOLD)


class Order(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Set by backfill for legacy orders, and later by reverse sync for orders placed here.
    legacy_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    customer_id = models.UUIDField(db_index=True)
    # Copied from the customer snapshot, so reverse sync can name the legacy customer.
    customer_legacy_id = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=OrderStatus.choices, default=OrderStatus.PENDING
    )
    currency = models.CharField(max_length=3)
    total = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    # Structured (see acl/README.md); an order copied from the legacy shop may hold
    # {"unparsed": "<blob>"} or nothing at all.
    shipping_address = models.JSONField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    placed_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The legacy row's modified time last applied by backfill or sync; older copies are skipped.
    legacy_modified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer_id", "-created_at"], name="order_customer_recent"),
            models.Index(fields=["status"], name="order_status"),
        ]

    def __str__(self) -> str:
        return f"Order {self.id}"

    @property
    def is_unshipped(self) -> bool:
        return self.status in UNSHIPPED_STATUSES


class OrderLine(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    legacy_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product_id = models.UUIDField()
    product_legacy_id = models.PositiveIntegerField(null=True, blank=True)
    sku = models.CharField(max_length=64, blank=True)
    product_name = models.CharField(max_length=200)
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["product_name", "id"]
        # No unique (order, product): legacy orders edited in the admin can repeat a product.
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_name}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity
