"""Template filters for the legacy shop's formats: money in integer cents and stock levels."""

from django import template
from django.conf import settings

register = template.Library()

CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
LOW_STOCK_THRESHOLD = 5


@register.filter
def money(cents: int | None) -> str:
    """Integer cents as a price: 1299 -> "£12.99", 123456 -> "£1,234.56"."""
    if cents is None or cents == "":
        return ""
    cents = int(cents)
    currency = str(settings.LEGACY_SHOP.get("CURRENCY", "GBP"))
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    sign = "-" if cents < 0 else ""
    units, pence = divmod(abs(cents), 100)
    return f"{sign}{symbol}{units:,}.{pence:02d}"


@register.filter
def stock_label(qty_on_hand: int) -> str:
    """What a customer reads about stock: "In stock (7)", "Only 2 left" or "Out of stock"."""
    if qty_on_hand <= 0:
        return "Out of stock"
    if qty_on_hand <= LOW_STOCK_THRESHOLD:
        return f"Only {qty_on_hand} left"
    return f"In stock ({qty_on_hand})"


@register.filter
def stock_level(qty_on_hand: int) -> str:
    """A CSS modifier for the stock label: "in", "low" or "out"."""
    if qty_on_hand <= 0:
        return "out"
    return "low" if qty_on_hand <= LOW_STOCK_THRESHOLD else "in"
