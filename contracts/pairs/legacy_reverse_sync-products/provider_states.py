"""Provider states of reverse sync's pact with the products service: catalogue writes there."""

from contracts.states.products import CATEGORY_EVENT_STATES, PRODUCT_EVENT_STATES

PROVIDER_STATES = {**CATEGORY_EVENT_STATES, **PRODUCT_EVENT_STATES}
