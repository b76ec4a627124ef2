"""What forward sync needs beyond `sync.order_apply_from_legacy`: the ids this service keeps for
legacy rows, and following an order deleted in the legacy shop."""

from __future__ import annotations

import uuid

from django.db import models

from acl.ids import Kind
from extracted_services.orders.readmodels.models import CustomerSnapshot, ProductSnapshot

from .models import Order, OrderLine
from .services import order_link_legacy_id


class OrderIds:
    """This service's tables as an `acl.ids.IdMap`: orders and lines, and the snapshots' ids.

    A legacy row whose entity was born on the new side is found by its legacy id here, so its
    legacy events land on that entity rather than on a uuid5 of the legacy id. `record` links
    an order placed here to the legacy id reverse sync gave it.
    """

    MODELS: dict[Kind, type[models.Model]] = {
        Kind.ORDER: Order,
        Kind.ORDER_LINE: OrderLine,
        Kind.CUSTOMER: CustomerSnapshot,
        Kind.PRODUCT: ProductSnapshot,
    }

    def find_uuid(self, kind: Kind, legacy_id: int) -> uuid.UUID | None:
        model = self.MODELS.get(Kind(kind))
        if model is None:
            return None  # not kept here (categories): the uuid5 is all this service needs
        found = model._default_manager.filter(legacy_id=legacy_id)
        return next(iter(found.values_list("pk", flat=True)), None)

    def find_legacy_id(self, kind: Kind, id: uuid.UUID) -> int | None:
        model = self.MODELS.get(Kind(kind))
        if model is None:
            return None
        found = model._default_manager.filter(pk=id)
        return next(iter(found.values_list("legacy_id", flat=True)), None)

    def record(self, kind: Kind, *, id: uuid.UUID, legacy_id: int) -> None:
        if Kind(kind) != Kind.ORDER:
            raise ValueError(f"the orders service records legacy ids of orders only, not {kind}")
        order_link_legacy_id(order_id=id, legacy_id=legacy_id)


def order_remove_from_legacy(*, legacy_id: int) -> bool:
    """Follow an order deleted in the legacy shop (with its lines); True if one was deleted."""
    deleted, _ = Order.objects.filter(legacy_id=legacy_id).delete()
    return deleted > 0


def snapshot_deactivate_from_legacy(*, kind: Kind, legacy_id: int) -> bool:
    """A customer or product deleted in the legacy shop can no longer be ordered for or ordered."""
    model = {Kind.CUSTOMER: CustomerSnapshot, Kind.PRODUCT: ProductSnapshot}[Kind(kind)]
    found = model._default_manager.filter(legacy_id=legacy_id, is_active=True)
    return found.update(is_active=False) > 0
