"""The migration stage of each feature, as the monolith's ports see it: the one place to ask.

Today the stages come from `settings.STRANGLER_STAGES` (each overridable with
`STRANGLER_STAGE_<FEATURE>`); switching the source to the proxy's control plane means changing
`feature_stage` alone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from strangler_proxy.stages import NEW_OWNS_WRITES, Stage, StageError, parse_stage

FEATURES = ("users", "products", "orders")


def feature_stage(feature: str) -> Stage:
    """The stage of `feature` (`users`, `products` or `orders`), read on every call."""
    if feature not in FEATURES:
        raise ValueError(f"unknown feature {feature!r}; features: {', '.join(FEATURES)}")
    raw = settings.STRANGLER_STAGES.get(feature, Stage.LEGACY.value)
    try:
        return parse_stage(raw)
    except StageError as exc:
        raise ImproperlyConfigured(
            f"STRANGLER_STAGES[{feature!r}] (env STRANGLER_STAGE_{feature.upper()}): {exc}"
        ) from None


def service_owns(feature: str) -> bool:
    """True from `writes-new` on: the service owns the feature's writes, and the monolith reads
    it from the service too. Before that the monolith serves the feature from its own tables
    (in `shadow` and `canary` the proxy decides who answers a request; the monolith does not)."""
    return feature_stage(feature) in NEW_OWNS_WRITES
