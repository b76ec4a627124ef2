"""Catalogue tables: categories and products, with the legacy column names.

Every write to them, bulk ones included, records a change event (see legacy_monolith/events).
"""

from django.db import models

from legacy_monolith.flags import YesNo, yes_no_field
from messaging.changes import ChangeRecordingModel, ChangeRecordingQuerySet


class Category(ChangeRecordingModel):
    cat_name = models.CharField("name", max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    visible_yn = yes_no_field(verbose_name="visible")
    sort_order = models.PositiveIntegerField(default=0)

    objects = ChangeRecordingQuerySet.as_manager()

    class Meta:
        db_table = "tbl_category"
        ordering = ["sort_order", "cat_name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.cat_name


class ProductQuerySet(ChangeRecordingQuerySet):
    def on_sale(self) -> "ProductQuerySet":
        return self.filter(active_yn=YesNo.YES)


class Product(ChangeRecordingModel):
    """A product. Money is integer cents (pence); stock is the on-hand count."""

    prod_code = models.CharField("SKU", max_length=32, unique=True)
    prod_name = models.CharField("name", max_length=200)
    descr = models.TextField("description", blank=True)
    price_cents = models.PositiveIntegerField("price (cents)")
    qty_on_hand = models.IntegerField("stock", default=0)
    cat = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name="category"
    )
    active_yn = yes_no_field(verbose_name="active")
    created_dt = models.DateTimeField("created", auto_now_add=True)
    modified_dt = models.DateTimeField("modified", auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        db_table = "tbl_product"
        ordering = ["prod_name", "id"]
        indexes = [models.Index(fields=["prod_name"]), models.Index(fields=["active_yn", "cat"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(qty_on_hand__gte=0), name="stock_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prod_name} ({self.prod_code})"

    @property
    def in_stock(self) -> bool:
        return self.qty_on_hand > 0
