"""Setting and adjusting a product's stock under its row lock, never below zero nor past the
largest count the stock column holds."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from extracted_services.products.catalogue import events
from extracted_services.products.catalogue.models import Product


class StockWouldGoNegative(Exception):
    """An adjustment would take more than there is; nothing changed."""

    def __init__(self, *, product: Product, delta: int):
        self.available = product.stock
        super().__init__(
            f"cannot take {-delta} of {product.sku}: only {product.stock} left; nothing changed"
        )


class StockOutOfRange(Exception):
    """An adjustment would take the stock past what can be counted; nothing changed."""

    def __init__(self, *, product: Product, delta: int):
        super().__init__(
            f"cannot add {delta} to {product.sku}: its stock of {product.stock} would pass "
            f"{MAX_STOCK}; nothing changed"
        )


# The stock column is a PostgreSQL integer.
MAX_STOCK = 2**31 - 1


def _locked(product_id: uuid.UUID) -> Product:
    return Product.objects.select_for_update().select_related("category").get(id=product_id)


def _save_stock(product: Product, stock: int) -> None:
    product.stock = stock
    product.updated_at = timezone.now()
    product.save(update_fields=["stock", "updated_at"])


def stock_set(*, product_id: uuid.UUID, stock: int, note: str = "") -> Product:
    """Set the stock that can be reserved (e.g. after a stock count); raises Product.DoesNotExist."""
    with transaction.atomic():
        product = _locked(product_id)
        delta = stock - product.stock
        if delta:
            _save_stock(product, stock)
            events.stock_changed(changes=[(product, delta)], reason="set", note=note)
    return product


def stock_adjust(*, product_id: uuid.UUID, delta: int, note: str) -> Product:
    """Add `delta` (a delivery, or a negative write-off) to the stock, atomically."""
    with transaction.atomic():
        product = _locked(product_id)
        if product.stock + delta < 0:
            raise StockWouldGoNegative(product=product, delta=delta)
        if product.stock + delta > MAX_STOCK:
            raise StockOutOfRange(product=product, delta=delta)
        _save_stock(product, product.stock + delta)
        events.stock_changed(changes=[(product, delta)], reason="adjusted", note=note)
    return product
