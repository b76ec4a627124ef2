"""Provider states of reverse sync's pact with the orders service: orders placed and changed there.

Orders are placed through the service's own saga, against the in-memory products service that
`contracts.states.orders` installs and `reset` empties after every interaction.
"""

from contracts.states import orders

reset = orders.reset
PROVIDER_STATES = orders.ORDER_EVENT_STATES
