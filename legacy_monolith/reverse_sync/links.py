"""Telling a service the legacy id reverse sync gave a row born there (`PUT .../legacy-id/`).

The pair is recorded with the legacy row, in the same transaction; the service is told after
that commits (`link_after_commit`), never before, so it cannot learn a legacy id that was rolled
back. A pair the service has not acknowledged yet keeps `linked_dt` null and is sent again by
the next event about that row or by `manage.py reverse_sync_links`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from acl.clients import ClientConfig, ServiceError
from acl.clients.base import ServiceClient
from acl.ids import Kind

from .models import LegacyIdPair

log = logging.getLogger("legacy_monolith.reverse_sync")

PATHS = {
    Kind.CUSTOMER: "/api/v1/customers/{id}/legacy-id/",
    Kind.CATEGORY: "/api/v1/categories/{id}/legacy-id/",
    Kind.PRODUCT: "/api/v1/products/{id}/legacy-id/",
    Kind.ORDER: "/api/v1/orders/{id}/legacy-id/",
}


class _LinkClient(ServiceClient):
    def link(self, *, path: str, legacy_id: int) -> None:
        """PUT the legacy id; the services answer a repeat with 200, so it is retried."""
        self._call("PUT", path, body={"legacy_id": legacy_id}, idempotent=True)


class _UsersLinks(_LinkClient):
    service: ClassVar[str] = "users"


class _ProductsLinks(_LinkClient):
    service: ClassVar[str] = "products"


class _OrdersLinks(_LinkClient):
    service: ClassVar[str] = "orders"


OWNERS: dict[Kind, type[_LinkClient]] = {
    Kind.CUSTOMER: _UsersLinks,
    Kind.CATEGORY: _ProductsLinks,
    Kind.PRODUCT: _ProductsLinks,
    Kind.ORDER: _OrdersLinks,
}


def _client(kind: Kind) -> _LinkClient:
    """A client for the owner of `kind`, configured as the ports' clients are (settings read
    now, so that a changed SERVICE_URLS applies)."""
    client_class = OWNERS[kind]
    options = settings.SERVICE_CLIENT
    return client_class(
        ClientConfig(
            base_url=settings.SERVICE_URLS[client_class.service],
            connect_timeout=float(options["CONNECT_TIMEOUT_S"]),
            read_timeout=float(options["READ_TIMEOUT_S"]),
            attempts=int(options["ATTEMPTS"]),
        )
    )


@dataclass(frozen=True)
class LinkReport:
    sent: int
    failed: list[str]


def link_send(*, kind: Kind, id: UUID, legacy_id: int) -> None:
    """Tell the owner of `id` its legacy id and mark the pair acknowledged; raises ServiceError."""
    client = _client(Kind(kind))
    try:
        client.link(path=PATHS[Kind(kind)].format(id=id), legacy_id=legacy_id)
    finally:
        client.close()
    LegacyIdPair.objects.filter(kind=kind, uuid=id, legacy_id=legacy_id).update(
        linked_dt=timezone.now()
    )


def link_after_commit(pairs: Iterable[tuple[Kind, UUID, int]]) -> None:
    """Send each pair once the current transaction commits; a failure is logged and kept."""
    for kind, id, legacy_id in pairs:
        transaction.on_commit(partial(_try, kind, id, legacy_id))


def links_send_pending(*, limit: int | None = None) -> LinkReport:
    """Send every pair not acknowledged yet, oldest first; returns what was sent and what failed."""
    pending = LegacyIdPair.objects.filter(linked_dt__isnull=True).order_by("id")
    sent, failed = 0, []
    for pair in pending[:limit] if limit else pending:
        if _try(Kind(pair.kind), pair.uuid, pair.legacy_id):
            sent += 1
        else:
            failed.append(str(pair))
    return LinkReport(sent=sent, failed=failed)


def _try(kind: Kind, id: UUID, legacy_id: int) -> bool:
    try:
        link_send(kind=kind, id=id, legacy_id=legacy_id)
    except ServiceError as exc:
        log.warning(
            "could not tell the %s service that %s %s is legacy id %s (kept to retry): %s",
            exc.service,
            kind,
            id,
            legacy_id,
            exc,
        )
        return False
    return True
