"""States of the orders service shared by its pairs: snapshots, stock, and orders at each stage.

The orders service reserves stock through the products service while it places an order. That
call is not part of these contracts (the products service is another provider), so under
verification the service's stock port is the in-memory stand-in the service's own tests use,
filled by the states that name a product's stock and emptied after every interaction.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

from django.utils import timezone

from acl.ids import Kind, legacy_uuid
from extracted_services.orders.ordering import services
from extracted_services.orders.ordering.models import Order, OrderLine, OrderStatus
from extracted_services.orders.readmodels.models import CustomerSnapshot, ProductSnapshot
from extracted_services.orders.stock.fake import FakeStockReservations
from extracted_services.orders.stock.wiring import stock_reservations_replaced

ADDRESS = {"lines": ["1 High Street"], "city": "Leeds", "postcode": "LS1 4AP", "country": "GB"}
PLACED_AT = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)

STOCK = FakeStockReservations()
# Entered for the life of the provider process (and held here, or collecting it would undo
# it): every request's stock calls reach STOCK.
_STOCK_REPLACED = stock_reservations_replaced(STOCK)
_STOCK_REPLACED.__enter__()


def reset() -> None:
    """After each interaction: no stock and no reservations left from the last one."""
    STOCK.on_hand.clear()
    STOCK.reservations.clear()
    STOCK.restocked.clear()
    STOCK.calls.clear()


def customer(*, legacy_id: int, id: str) -> None:
    CustomerSnapshot.objects.create(
        id=id,
        legacy_id=legacy_id,
        email=f"customer{legacy_id}@example.com",
        name="Dora Jones",
        source_changed_at=timezone.now(),
    )


def product_in_stock(*, sku: str, id: str, legacy_id: int, stock: int) -> None:
    """The product's snapshot here, and `stock` of it at the products service."""
    ProductSnapshot.objects.create(
        id=id,
        legacy_id=legacy_id,
        sku=sku,
        name="Teapot",
        price=Decimal("24.50"),
        currency="GBP",
        source_changed_at=timezone.now(),
    )
    STOCK.on_hand[UUID(id)] = stock


def order(
    *, id: str, legacy_id: int | None, customer_legacy_id: int, product_id: str, status: str
) -> Order:
    """An order of two of the product for the customer, as it is when it has reached `status`."""
    if status not in (OrderStatus.PLACED, OrderStatus.SHIPPED):
        raise ValueError(f"status must be placed or shipped, not {status!r}")
    buyer = CustomerSnapshot.objects.get(legacy_id=customer_legacy_id)
    product = ProductSnapshot.objects.get(pk=product_id)
    created = Order.objects.create(
        id=id,
        legacy_id=legacy_id,
        customer_id=buyer.id,
        customer_legacy_id=buyer.legacy_id,
        status=status,
        currency=product.currency,
        total=product.price * 2,
        shipping_address=ADDRESS,
        created_at=PLACED_AT,
        placed_at=PLACED_AT,
        shipped_at=timezone.now() if status == OrderStatus.SHIPPED else None,
    )
    OrderLine.objects.create(
        order=created,
        product_id=product.id,
        product_legacy_id=product.legacy_id,
        sku=product.sku,
        product_name=product.name,
        quantity=2,
        unit_price=product.price,
    )
    return created


def order_placed(*, customer_legacy_id: int, product_id: str, quantity: int) -> Order:
    """An order placed through the service's own saga (recording `orders.order.placed.v1`)."""
    buyer = CustomerSnapshot.objects.get(legacy_id=customer_legacy_id)
    placed = services.order_place(
        customer_id=buyer.id,
        lines=[services.LineRequest(product_id=UUID(product_id), quantity=quantity)],
        shipping_address=ADDRESS,
        stock=STOCK,
    )
    if placed.status != OrderStatus.PLACED:
        raise ValueError(f"the order was {placed.status}: {placed.rejection_reason}")
    return placed


def order_changed(
    *,
    customer_legacy_id: int,
    product_legacy_id: int,
    quantity: int,
    legacy_id: int | None,
    change: str,
) -> None:
    """An order placed through the saga by a customer of the shop, then `change`d.

    With a `legacy_id`, reverse sync has already given the order its shop number. Each step
    records its `orders.order.<change>.v1` event as the service always does.
    """
    buyer = CustomerSnapshot.objects.filter(legacy_id=customer_legacy_id).first()
    if buyer is None:
        customer(
            legacy_id=customer_legacy_id, id=str(legacy_uuid(Kind.CUSTOMER, customer_legacy_id))
        )
    product_id = str(legacy_uuid(Kind.PRODUCT, product_legacy_id))
    product_in_stock(sku="TEA-1", id=product_id, legacy_id=product_legacy_id, stock=quantity)
    placed = order_placed(
        customer_legacy_id=customer_legacy_id, product_id=product_id, quantity=quantity
    )
    if legacy_id is not None:
        services.order_link_legacy_id(order_id=placed.id, legacy_id=legacy_id)
    for step in ORDER_CHANGES[change]:
        step(placed.id)


ORDER_CHANGES: dict[str, list[Callable[[UUID], object]]] = {
    "placed": [],
    "cancelled": [lambda order_id: services.order_cancel(order_id=order_id, stock=STOCK)],
    "shipped": [lambda order_id: services.order_mark_shipped(order_id=order_id)],
    "delivered": [
        lambda order_id: services.order_mark_shipped(order_id=order_id),
        lambda order_id: services.order_mark_delivered(order_id=order_id),
    ],
}

ORDER_EVENT_STATES = {
    (
        "customer {customer_legacy_id} ordered {quantity} of product {product_legacy_id} in the "
        "orders service, shop number {legacy_id}, then it was {change}"
    ): order_changed,
}
