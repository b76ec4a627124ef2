"""The caller as the proxy knows it, and the signed tester override (JWT, HS256).

The identity forwarded to services uses the services' own token format
(`extracted_services.service_defaults.identity`); the override token is the proxy's alone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import jwt

OVERRIDE_HEADER = "X-Strangler-Override"
OVERRIDE_COOKIE = "strangler_override"
OVERRIDE_AUDIENCE = "strangler-override"
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
