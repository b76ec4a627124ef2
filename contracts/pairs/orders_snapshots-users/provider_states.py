"""Provider states of the orders snapshots' pact with the users service: customer writes there."""

from contracts.states.users import CUSTOMER_EVENT_STATES

PROVIDER_STATES = CUSTOMER_EVENT_STATES
