"""The composition root of the ports: each call picks the implementation for the feature's
stage now, so a stage change takes effect on the next request."""

from __future__ import annotations

from typing import cast

from django.conf import settings

from . import clients
from .catalogue import CataloguePort, LegacyCatalogue
from .customers import CustomersPort, LegacyCustomers
from .orders import LegacyOrders, OrdersPort
from .service.catalogue import ServiceCatalogue
from .service.customers import ServiceCustomers
from .service.orders import ServiceOrders
from .stages import service_owns


def catalogue() -> CataloguePort:
    if service_owns("products"):
        return ServiceCatalogue(products=clients.products_client(), page_size=_page_size())
    return LegacyCatalogue()


def customers() -> CustomersPort:
    if service_owns("users"):
        return ServiceCustomers(users=clients.users_client(), wait_s=_legacy_id_wait())
    return LegacyCustomers()


def orders() -> OrdersPort:
    if service_owns("orders"):
        return ServiceOrders(
            orders=clients.orders_client(),
            products=clients.products_client(),
            page_size=_page_size(),
            wait_s=_legacy_id_wait(),
        )
    return LegacyOrders()


def _page_size() -> int:
    return int(cast(int, settings.LEGACY_SHOP["PAGE_SIZE"]))


def _legacy_id_wait() -> float:
    return float(settings.SERVICE_CLIENT["LEGACY_ID_WAIT_S"])
