"""Provider states of the monolith's pact with the orders service, set up in its database.

Each handler takes the state's parameters by name; the database is emptied after every
interaction (and the stand-in stock with it, by `reset`), so a handler only creates what its
state names.
"""

from contracts.states import orders
from contracts.states.identity import IDENTITY_STATES

reset = orders.reset


def existing_order(
    *, id: str, legacy_id: int | None, customer_legacy_id: int, product_id: str, status: str
) -> None:
    orders.order(
        id=id,
        legacy_id=legacy_id,
        customer_legacy_id=customer_legacy_id,
        product_id=product_id,
        status=status,
    )


PROVIDER_STATES = {
    **IDENTITY_STATES,
    "the orders service knows customer {legacy_id} as {id}": orders.customer,
    "the orders service knows product {sku} ({id}, legacy id {legacy_id}), {stock} in stock": (
        orders.product_in_stock
    ),
    (
        "order {id} with legacy id {legacy_id} of customer {customer_legacy_id} for two of "
        "product {product_id} is {status}"
    ): existing_order,
}
