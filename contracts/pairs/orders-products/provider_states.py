"""Provider states of the orders service's stock client pact: products and their reservations."""

from contracts.states.identity import IDENTITY_STATES
from contracts.states.products import CATALOGUE_STATES, reservation_held

PROVIDER_STATES = {
    **IDENTITY_STATES,
    **CATALOGUE_STATES,
    "reservation {id} holds {quantity} of product {product_id}": reservation_held,
}
