"""Provider states of the users service's forward sync pact: customer writes in the legacy shop."""

from contracts.states.legacy_monolith import CUSTOMER_STATES

PROVIDER_STATES = CUSTOMER_STATES
