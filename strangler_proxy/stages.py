"""Migration stages of a feature and the rules for moving between them (shared by both planes)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    LEGACY = "legacy"
    SHADOW = "shadow"
    CANARY = "canary"
    WRITES_NEW = "writes-new"
    NEW = "new"
    RETIRED = "retired"


ORDER: tuple[Stage, ...] = tuple(Stage)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# In these stages the new service owns the feature's writes (ARCHITECTURE §8).
NEW_OWNS_WRITES = frozenset({Stage.WRITES_NEW, Stage.NEW, Stage.RETIRED})


class StageError(ValueError):
    """A requested stage change is not allowed; the message says what is."""


@dataclass(frozen=True)
class StageTarget:
    stage: Stage
    percent: int


def parse_stage(value: str) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        allowed = ", ".join(stage.value for stage in ORDER)
        raise StageError(f"unknown stage {value!r}; allowed stages: {allowed}") from None


def previous_stage(stage: Stage) -> Stage | None:
    index = ORDER.index(stage)
    return ORDER[index - 1] if index > 0 else None


def next_stage(stage: Stage) -> Stage | None:
    index = ORDER.index(stage)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def check_percent(stage: Stage, percent: int | None) -> int:
    """The canary percentage to store: required for canary (0-100), refused for other stages."""
    if stage is Stage.CANARY:
        if percent is None:
            raise StageError("stage canary needs a percentage: --percent N with N from 0 to 100")
        if not 0 <= percent <= 100:
            raise StageError(f"percentage {percent} is out of range: use a whole number 0-100")
        return percent
    if percent is not None:
        raise StageError(f"a percentage only applies to the canary stage, not to {stage.value}")
    return 100 if stage in NEW_OWNS_WRITES else 0


def check_transition(
    *, current: Stage, current_percent: int, target: Stage, percent: int | None, force: bool
) -> StageTarget:
    """Validate a move: one stage on, one back, or a new canary percentage; `force` jumps."""
    new_percent = check_percent(target, percent)
    if target is current:
        if target is Stage.CANARY and new_percent != current_percent:
            return StageTarget(target, new_percent)
        raise StageError(f"feature is already at {current.value}" + _options(current))
    neighbours = {next_stage(current), previous_stage(current)}
    if target not in neighbours and not force:
        raise StageError(
            f"cannot move from {current.value} to {target.value} in one step"
            + _options(current)
            + "; use --force with a reason to jump"
        )
    return StageTarget(target, new_percent)


def _options(current: Stage) -> str:
    options = [s.value for s in (next_stage(current), previous_stage(current)) if s is not None]
    if current is Stage.CANARY:
        options.append("canary with another --percent")
    return f"; from {current.value} you can go to: {', '.join(options)}"


def crosses_write_owner(current: Stage, target: Stage) -> bool:
    """True when the move changes who owns the feature's writes (the write-ownership switch)."""
    return (current in NEW_OWNS_WRITES) != (target in NEW_OWNS_WRITES)
