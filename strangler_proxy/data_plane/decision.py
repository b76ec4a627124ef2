"""Per-request choice of legacy or new for a feature: stage, sticky canary cohort, tester override.

Reads and writes are decided separately: writes always go to the feature's write owner, so a
canary or a tester never splits a feature's data between two owners.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from strangler_proxy.stages import NEW_OWNS_WRITES, SAFE_METHODS, Stage

from .routing import Feature

Side = Literal["legacy", "new"]
BUCKETS = 10_000


@dataclass(frozen=True, slots=True)
class Decision:
    side: Side
    shadow: bool
    # Safe methods may fall back to legacy when the service is down, until legacy is retired.
    fallback: bool
    cohort: str


def cohort_bucket(*, feature: str, user_key: str) -> int:
    """A stable bucket 0..9999 for a user within a feature.

    A user is in the canary when bucket < percent * 100, so raising the percentage only adds
    users: nobody who already reads from the service is moved back.
    """
    digest = hashlib.blake2b(f"{feature}\x00{user_key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def in_canary(*, feature: Feature, user_key: str) -> bool:
    pinned = feature.pins.get(user_key)
    if pinned is not None:
        return pinned == "new"
    return cohort_bucket(feature=feature.name, user_key=user_key) < feature.percent * (
        BUCKETS // 100
    )


def decide(
    *,
    feature: Feature,
    method: str,
    user_key: str | None,
    override: Mapping[str, str] | None = None,
) -> Decision:
    stage = feature.stage
    if method not in SAFE_METHODS:
        side: Side = "new" if stage in NEW_OWNS_WRITES else "legacy"
        return Decision(side=side, shadow=False, fallback=False, cohort="write")
    forced = _forced(feature.name, override)
    if forced is not None:
        return Decision(side=forced, shadow=False, fallback=forced == "new", cohort="override")
    if stage is Stage.LEGACY:
        return Decision(side="legacy", shadow=False, fallback=False, cohort="legacy")
    if stage is Stage.SHADOW:
        return Decision(side="legacy", shadow=True, fallback=False, cohort="shadow")
    if stage is Stage.CANARY:
        if user_key is not None and in_canary(feature=feature, user_key=user_key):
            return Decision(side="new", shadow=False, fallback=True, cohort="canary")
        return Decision(side="legacy", shadow=False, fallback=False, cohort="control")
    return Decision(side="new", shadow=False, fallback=stage is not Stage.RETIRED, cohort="all")


def needs_user_key(feature: Feature, method: str) -> bool:
    return feature.stage is Stage.CANARY and method in SAFE_METHODS


def _forced(feature: str, override: Mapping[str, str] | None) -> Side | None:
    if not override:
        return None
    value = override.get(feature, override.get("*"))
    if value == "legacy":
        return "legacy"
    if value == "new":
        return "new"
    return None
