"""Provider states of the products service's forward sync pact: catalogue writes in the shop."""

from contracts.states.legacy_monolith import CATALOGUE_STATES

PROVIDER_STATES = CATALOGUE_STATES
