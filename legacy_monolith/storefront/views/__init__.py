"""Storefront pages, one module per area: catalogue, cart, checkout, orders, account."""

from typing import cast

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest


class AuthenticatedRequest(HttpRequest):
    """The request a login_required view receives: its user is a customer account."""

    user: User  # type: ignore[assignment]


class ShopPageSizeMixin:
    """List pages paginate by settings.LEGACY_SHOP["PAGE_SIZE"], read per request so tests and
    deployments can change it."""

    def get_paginate_by(self, queryset: QuerySet) -> int:
        return cast(int, settings.LEGACY_SHOP["PAGE_SIZE"])
