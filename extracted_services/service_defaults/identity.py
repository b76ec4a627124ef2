"""Short-lived signed identity tokens: what the services accept as proof of who is calling.

The strangler proxy resolves a browser session or legacy API token to a user and forwards it
as `Authorization: Bearer <token>`; the monolith and the services sign their own calls the same
way with a service identity. Tokens are JWTs (HS256, PyJWT) with a short expiry, an issuer
and an audience, so a token minted for one purpose cannot be replayed later or elsewhere.

This module does not import Django: the proxy (asyncio, no Django) uses it too.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import jwt

ALGORITHM = "HS256"
AUDIENCE = "shop-services"
DEFAULT_TTL_SECONDS = 60
LEEWAY_SECONDS = 5
SECRET_ENV = "SERVICE_TOKEN_SECRET"
DEMO_SECRET = "demo-service-token-secret-change-me-0123456789"


class InvalidIdentity(Exception):
    """The token is missing, forged, expired or meant for someone else; the message says which."""


@dataclass(frozen=True)
class Identity:
    """Who is calling: a customer or staff member (`kind="user"`), or a service."""

    kind: str
    subject: str
    username: str = ""
    is_staff: bool = False

    @property
    def is_service(self) -> bool:
        return self.kind == "service"

    @property
    def legacy_user_id(self) -> int | None:
        return int(self.subject) if self.kind == "user" else None


def token_secret() -> str:
    return os.environ.get(SECRET_ENV, DEMO_SECRET)


def issue_token(
    identity: Identity, *, issuer: str, secret: str | None = None, ttl: int = DEFAULT_TTL_SECONDS
) -> str:
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + ttl,
        "sub": identity.subject,
        "kind": identity.kind,
        "username": identity.username,
        "staff": identity.is_staff,
    }
    return jwt.encode(claims, secret or token_secret(), algorithm=ALGORITHM)


def verify_token(token: str, *, secret: str | None = None) -> Identity:
    try:
        claims = jwt.decode(
            token,
            secret or token_secret(),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "iss", "sub", "aud"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidIdentity("the identity token has expired") from exc
    except jwt.InvalidTokenError as exc:
        raise InvalidIdentity(f"the identity token is not valid: {exc}") from exc
    kind = claims.get("kind")
    if kind not in {"user", "service"}:
        raise InvalidIdentity("the identity token names no known kind of caller")
    return Identity(
        kind=kind,
        subject=str(claims["sub"]),
        username=str(claims.get("username", "")),
        is_staff=bool(claims.get("staff", False)),
    )


def bearer_header(identity: Identity, *, issuer: str, secret: str | None = None) -> dict[str, str]:
    """`Authorization` header for an outgoing call made on behalf of `identity`."""
    return {"Authorization": f"Bearer {issue_token(identity, issuer=issuer, secret=secret)}"}
