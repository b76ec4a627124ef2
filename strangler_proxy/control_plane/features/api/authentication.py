"""The proxy's own credential: `Authorization: Proxy <control key>` (shared secret)."""

from __future__ import annotations

import hmac

from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from ..conf import control_setting


class ProxyPrincipal:
    """The proxy as a caller: authenticated, not staff."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_proxy = True
    username = "strangler-proxy"

    def __str__(self) -> str:
        return self.username


class ProxyKeyAuthentication(BaseAuthentication):
    keyword = "Proxy"

    def authenticate(self, request: Request) -> tuple[ProxyPrincipal, None] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, key = header.partition(" ")
        if scheme != self.keyword:
            return None
        expected = control_setting("CONTROL_KEY")
        if not hmac.compare_digest(key.strip().encode(), expected.encode()):
            raise AuthenticationFailed("the proxy key is not valid")
        return ProxyPrincipal(), None

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class IsProxy(BasePermission):
    message = "only the strangler proxy may do this"

    def has_permission(self, request: Request, view: object) -> bool:
        return bool(getattr(request.user, "is_proxy", False))


class IsProxyOrStaff(BasePermission):
    message = "only staff members and the strangler proxy may read the route table"

    def has_permission(self, request: Request, view: object) -> bool:
        user = request.user
        return bool(getattr(user, "is_proxy", False) or (user and user.is_staff))
