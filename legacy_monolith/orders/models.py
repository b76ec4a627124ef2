"""Orders and order lines, with single-letter status codes and money in integer cents.

Every write to them, bulk ones included, records the order's change event (legacy_monolith/events).
"""

from django.conf import settings
from django.db import models

from legacy_monolith.catalogue.models import Product
from messaging.changes import ChangeRecordingModel, ChangeRecordingQuerySet


class OrderStatus(models.TextChoices):
    NEW = "N", "New"
    HELD = "H", "On hold"
    SHIPPED = "S", "Shipped"
    DELIVERED = "D", "Delivered"
    CANCELLED = "C", "Cancelled"


UNSHIPPED_STATUSES = (OrderStatus.NEW, OrderStatus.HELD)


class Order(ChangeRecordingModel):
    cust = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name="customer",
    )
    status = models.CharField(max_length=1, choices=OrderStatus.choices, default=OrderStatus.NEW)
    ship_addr = models.TextField("ship to", help_text="Free text copy of the address at checkout.")
    total_cents = models.PositiveIntegerField("total (cents)", default=0)
    order_dt = models.DateTimeField("ordered", auto_now_add=True, db_index=True)
    ship_dt = models.DateTimeField("shipped", null=True, blank=True)
    modified_dt = models.DateTimeField("modified", auto_now=True)

    objects = ChangeRecordingQuerySet.as_manager()

    class Meta:
        db_table = "tbl_order"
        ordering = ["-order_dt", "-id"]
        indexes = [models.Index(fields=["cust", "-order_dt"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"Order #{self.pk}"

    @property
    def is_cancellable(self) -> bool:
        return self.status in UNSHIPPED_STATUSES


class OrderLine(ChangeRecordingModel):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    prod = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="order_lines", verbose_name="product"
    )
    qty = models.PositiveIntegerField("quantity")
    unit_price_cents = models.PositiveIntegerField("unit price (cents)")

    objects = ChangeRecordingQuerySet.as_manager()

    class Meta:
        db_table = "tbl_order_line"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.qty} x {self.prod_id}"

    @property
    def line_total_cents(self) -> int:
        return self.qty * self.unit_price_cents
