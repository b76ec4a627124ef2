"""Provider states of reverse sync's pact with the users service: customer writes there."""

from contracts.states.users import CUSTOMER_EVENT_STATES

PROVIDER_STATES = CUSTOMER_EVENT_STATES
