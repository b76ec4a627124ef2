"""DRF authentication that accepts only `Authorization: Bearer <signed identity token>`."""

from __future__ import annotations

from dataclasses import dataclass

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from extracted_services.service_defaults.identity import Identity, InvalidIdentity, verify_token

REALM = "shop-services"


@dataclass(frozen=True)
class Caller:
    """`request.user` in a service: the verified identity, shaped like a Django user for DRF."""

    identity: Identity
    is_authenticated: bool = True
    is_anonymous: bool = False

    @property
    def pk(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """`kind:subject`, e.g. `user:42` or `service:orders`: who the caller is, in one string."""
        return f"{self.identity.kind}:{self.identity.subject}"

    @property
    def is_staff(self) -> bool:
        return self.identity.is_staff

    @property
    def is_service(self) -> bool:
        return self.identity.is_service


class BearerIdentityAuthentication(BaseAuthentication):
    """No header: anonymous (the permission check answers 401). A bad token: 401 saying why."""

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Caller, Identity] | None:
        header = get_authorization_header(request).split()
        if not header:
            return None
        if header[0].lower() != self.keyword:
            raise exceptions.AuthenticationFailed(
                "only `Authorization: Bearer <token>` is accepted", code="unsupported_scheme"
            )
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "the Authorization header must be `Bearer <token>`", code="malformed_header"
            )
        try:
            token = header[1].decode("ascii")
            identity = verify_token(token)
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(
                "the identity token is not valid ASCII", code="invalid_token"
            ) from exc
        except InvalidIdentity as exc:
            raise exceptions.AuthenticationFailed(str(exc), code="invalid_token") from exc
        return Caller(identity=identity), identity

    def authenticate_header(self, request: Request) -> str:
        return f'Bearer realm="{REALM}"'
