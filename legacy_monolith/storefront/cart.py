"""The shopping cart, kept in the session as {product id: quantity}."""

from dataclasses import dataclass

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from legacy_monolith import ports
from legacy_monolith.catalogue.models import Product

SESSION_KEY = "cart"
MAX_LINE_QUANTITY = 99


@dataclass(frozen=True)
class CartLine:
    product: Product
    quantity: int

    @property
    def line_total_cents(self) -> int:
        return self.quantity * self.product.price_cents

    @property
    def exceeds_stock(self) -> bool:
        """Stock may have dropped since the item was added; checkout will refuse this line."""
        return self.quantity > self.product.qty_on_hand


def bounded_quantity(*, product: Product, quantity: int) -> int:
    """The most of `quantity` a cart may hold: at most MAX_LINE_QUANTITY and what is in stock."""
    return max(0, min(quantity, MAX_LINE_QUANTITY, product.qty_on_hand))


class Cart:
    """A customer's cart. Products no longer on sale are ignored when the cart is read."""

    def __init__(self, session: SessionBase):
        self._session = session
        self._lines: list[CartLine] | None = None

    def _stored(self) -> dict[str, int]:
        # JSON sessions turn integer keys into strings, so the ids are stored as strings.
        return dict(self._session.get(SESSION_KEY, {}))

    def _store(self, items: dict[str, int]) -> None:
        self._session[SESSION_KEY] = items
        self._lines = None

    def quantity_of(self, *, product_id: int) -> int:
        return self._stored().get(str(product_id), 0)

    def add(self, *, product: Product, quantity: int = 1) -> int:
        """Add `quantity` of `product`; returns the quantity now held, bounded by stock."""
        items = self._stored()
        held = bounded_quantity(product=product, quantity=items.get(str(product.pk), 0) + quantity)
        if held:
            items[str(product.pk)] = held
        else:
            items.pop(str(product.pk), None)
        self._store(items)
        return held

    def update(self, *, product: Product, quantity: int) -> int:
        """Set the quantity of a product in the cart (0 removes it); returns what is kept."""
        items = self._stored()
        if str(product.pk) not in items:
            raise KeyError(product.pk)
        held = bounded_quantity(product=product, quantity=quantity)
        if held:
            items[str(product.pk)] = held
        else:
            del items[str(product.pk)]
        self._store(items)
        return held

    def remove(self, *, product_id: int) -> bool:
        """Remove a product; returns False when it was not in the cart."""
        items = self._stored()
        removed = items.pop(str(product_id), None) is not None
        self._store(items)
        return removed

    def clear(self) -> None:
        self._session.pop(SESSION_KEY, None)
        self._lines = None

    def drop_unavailable(self) -> list[str]:
        """Remove products no longer on sale from the cart; returns their names."""
        items = self._stored()
        on_sale = {str(line.product.pk) for line in self.lines()}
        gone = [pid for pid in items if pid not in on_sale]
        if not gone:
            return []
        gone_products = ports.catalogue().products_by_ids(
            product_ids=[int(pid) for pid in gone], on_sale=False
        )
        names = [product.prod_name for product in gone_products]
        self._store({pid: qty for pid, qty in items.items() if pid in on_sale})
        return names

    def lines(self) -> list[CartLine]:
        """The cart's lines for products still on sale, in product name order."""
        if self._lines is None:
            items = self._stored()
            products = ports.catalogue().products_by_ids(product_ids=[int(pid) for pid in items])
            self._lines = [CartLine(product=p, quantity=items[str(p.pk)]) for p in products]
        return self._lines

    def quantities(self) -> dict[int, int]:
        return {line.product.pk: line.quantity for line in self.lines()}

    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines())

    def total_cents(self) -> int:
        return sum(line.line_total_cents for line in self.lines())

    def is_empty(self) -> bool:
        return not self.lines()


def cart_for(request: HttpRequest) -> Cart:
    """The request's cart, shared by the view and the templates so it is read once."""
    if not hasattr(request, "_storefront_cart"):
        request._storefront_cart = Cart(request.session)  # type: ignore[attr-defined]
    return request._storefront_cart  # type: ignore[attr-defined]
