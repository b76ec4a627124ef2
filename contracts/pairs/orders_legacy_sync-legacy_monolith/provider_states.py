"""Provider states of the orders service's forward sync pact: writes in the legacy shop."""

from contracts.states.legacy_monolith import CATALOGUE_STATES, CUSTOMER_STATES, ORDER_STATES

PROVIDER_STATES = {**CUSTOMER_STATES, **CATALOGUE_STATES, **ORDER_STATES}
