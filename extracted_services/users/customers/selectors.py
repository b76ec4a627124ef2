"""Reads of customers: lists with filters, lookups, and the credential check for login."""

from __future__ import annotations

import uuid

from django.contrib.auth.hashers import check_password, make_password
from django.db.models import Q, QuerySet

from extracted_services.service_defaults.identity import Identity
from extracted_services.users.customers.models import Customer


def customer_list(
    *,
    q: str | None = None,
    active: bool | None = None,
    legacy_id: int | None = None,
    email: str | None = None,
) -> QuerySet[Customer]:
    customers = Customer.objects.all()
    if q:
        customers = customers.filter(
            Q(username__icontains=q)
            | Q(email__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
        )
    if active is not None:
        customers = customers.filter(active=active)
    if legacy_id is not None:
        customers = customers.filter(legacy_id=legacy_id)
    if email:
        customers = customers.filter(email__iexact=email)
    return customers.order_by("username")


def customer_for_identity(*, identity: Identity) -> Customer | None:
    """The customer a user token speaks for: the token's subject is a legacy id or a UUID."""
    if identity.is_service:
        return None
    subject = identity.subject
    if subject.isdigit():
        return Customer.objects.filter(legacy_id=int(subject)).first()
    try:
        return Customer.objects.filter(id=uuid.UUID(subject)).first()
    except ValueError:
        return None


def customer_check_credentials(*, username: str, password: str) -> Customer | None:
    """The active customer whose stored (legacy) hash matches `password`, else None.

    The hash is never upgraded here: while the legacy shop still owns customers, rewriting it
    would make the two copies differ.
    """
    customer = Customer.objects.filter(username=username).first()
    if customer is None:
        # Hash anyway so an unknown username takes as long as a wrong password.
        make_password(password)
        return None
    if not check_password(password, customer.password_hash) or not customer.active:
        return None
    return customer
