"""Template context shared by every storefront page."""

from django.http import HttpRequest

from .cart import cart_for


def cart_summary(request: HttpRequest) -> dict:
    """The number of items in the cart, for the header. Passed as a callable so pages that do not
    show it do not query for it."""
    return {"cart_count": cart_for(request).item_count}
