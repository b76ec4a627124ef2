"""Compact signed tokens (JWT, HS256): the identity the proxy forwards, and the tester override.

Services verify the identity token with `verify_identity_token`; it is short-lived, names the
backend it was issued for (audience) and cannot be made without the shared identity secret.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import jwt

IDENTITY_HEADER = "X-Strangler-Identity"
OVERRIDE_HEADER = "X-Strangler-Override"
OVERRIDE_COOKIE = "strangler_override"
ISSUER = "strangler-proxy"
OVERRIDE_AUDIENCE = "strangler-override"
IDENTITY_TTL_SECONDS = 60
ALGORITHMS = ["HS256"]

Target = Literal["legacy", "new"]


class InvalidToken(ValueError):
    """The token is missing, expired, forged or meant for someone else."""


@dataclass(frozen=True, slots=True)
class Identity:
    user_id: int | None
    username: str = ""
    is_staff: bool = False

    @property
    def anonymous(self) -> bool:
        return self.user_id is None


ANONYMOUS = Identity(user_id=None)


def issue_identity_token(
    *, identity: Identity, audience: str, secret: str, now: float | None = None
) -> str:
    issued = int(now if now is not None else time.time())
    claims = {
        "iss": ISSUER,
        "aud": audience,
        "iat": issued,
        "exp": issued + IDENTITY_TTL_SECONDS,
        "username": identity.username,
        "is_staff": identity.is_staff,
    }
    if identity.user_id is not None:
        # An anonymous caller has no subject; the token still proves the call came through us.
        claims["sub"] = str(identity.user_id)
    return jwt.encode(claims, secret, algorithm="HS256")


def verify_identity_token(*, token: str, audience: str, secret: str) -> Identity:
    """The caller named by a proxy-issued token; raises InvalidToken for anything else."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=ALGORITHMS,
            audience=audience,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "aud", "iss"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    subject = claims.get("sub")
    return Identity(
        user_id=None if subject is None else int(subject),
        username=claims.get("username", ""),
        is_staff=bool(claims.get("is_staff", False)),
    )


def issue_override_token(
    *, tester: str, features: dict[str, Target], ttl_seconds: int, secret: str
) -> str:
    """A tester override: `features` maps a feature name (or "*") to legacy or new."""
    now = int(time.time())
    claims = {
        "aud": OVERRIDE_AUDIENCE,
        "sub": tester,
        "iat": now,
        "exp": now + ttl_seconds,
        "features": features,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def verify_override_token(*, token: str, secret: str) -> dict[str, Target]:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=ALGORITHMS,
            audience=OVERRIDE_AUDIENCE,
            options={"require": ["exp", "aud"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    features = claims.get("features")
    if not isinstance(features, dict):
        raise InvalidToken("override token carries no features")
    return {str(k): v for k, v in features.items() if v in ("legacy", "new")}
