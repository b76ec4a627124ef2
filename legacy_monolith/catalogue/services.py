"""Product writes: take a product off sale, put it back on sale, restock it."""

from django.db import transaction
from django.db.models import F

from legacy_monolith.flags import YesNo

from .models import Product

MAX_RESTOCK_QUANTITY = 1_000_000


class ProductChangeError(ValueError):
    """The change cannot be made; the message says what to fix."""


def product_deactivate(*, product_id: int) -> Product:
    """Take a product off sale. It stays in the catalogue tables and in past orders."""
    return _set_active(product_id=product_id, active_yn=YesNo.NO)


def product_activate(*, product_id: int) -> Product:
    """Put a product back on sale."""
    return _set_active(product_id=product_id, active_yn=YesNo.YES)


def product_restock(*, product_id: int, quantity: int) -> Product:
    """Add `quantity` units to the stock on hand.

    The increment is done in SQL under a row lock so it adds to whatever checkouts left,
    never overwriting a concurrent change.
    """
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise ProductChangeError("The restock quantity must be a whole number")
    if not 1 <= quantity <= MAX_RESTOCK_QUANTITY:
        raise ProductChangeError(
            f"The restock quantity must be between 1 and {MAX_RESTOCK_QUANTITY:,}, not {quantity}"
        )
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_id)
        product.qty_on_hand = F("qty_on_hand") + quantity
        product.save(update_fields=["qty_on_hand", "modified_dt"])
    product.refresh_from_db()
    return product


def _set_active(*, product_id: int, active_yn: str) -> Product:
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_id)
        if product.active_yn != active_yn:
            product.active_yn = active_yn
            product.save(update_fields=["active_yn", "modified_dt"])
    return product
