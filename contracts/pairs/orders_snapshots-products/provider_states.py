"""Provider states of the orders snapshots' pact with the products service: product writes there."""

from contracts.states.products import PRODUCT_EVENT_STATES

PROVIDER_STATES = PRODUCT_EVENT_STATES
