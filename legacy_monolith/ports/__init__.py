"""Ports of the monolith (branch by abstraction): the storefront and the API call these, and
each feature's stage decides whether its own tables or the extracted service answer.

    from legacy_monolith import ports
    product = ports.catalogue().product_get(product_id=pk)
"""

from .catalogue import LegacyCatalogue
from .customers import LegacyCustomers
from .orders import LegacyOrders
from .wiring import catalogue, customers, orders

__all__ = ["LegacyCatalogue", "LegacyCustomers", "LegacyOrders", "catalogue", "customers", "orders"]
