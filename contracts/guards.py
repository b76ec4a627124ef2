"""The checks that make a verification mean something, each a pure function returning problems.

A problem is a sentence saying what is wrong and what to do; no problems means the check passed.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .config import Pair
from .pactfile import PactFile, PactFileError, load_pact

PROTECTED_BRANCHES = ("main", "master")


@dataclass(frozen=True)
class StateSignature:
    """What a provider's handler for one state takes: its parameter names, by name only."""

    required: frozenset[str]
    optional: frozenset[str]
    accepts_more: bool

    @classmethod
    def from_description(cls, described: dict[str, Any]) -> "StateSignature":
        return cls(
            required=frozenset(described.get("required", [])),
            optional=frozenset(described.get("optional", [])),
            accepts_more=bool(described.get("accepts_more", False)),
        )

    def as_description(self) -> dict[str, Any]:
        return {
            "required": sorted(self.required),
            "optional": sorted(self.optional),
            "accepts_more": self.accepts_more,
        }

    def parameter_problems(self, params: dict[str, Any]) -> list[str]:
        problems = []
        missing = self.required - set(params)
        if missing:
            problems.append(f"missing parameters {sorted(missing)}")
        unexpected = set(params) - self.required - self.optional
        if unexpected and not self.accepts_more:
            problems.append(f"unexpected parameters {sorted(unexpected)}")
        return problems


def missing_pacts(pairs: list[Pair]) -> list[str]:
    """Listed pairs whose pact file is absent or unreadable."""
    problems = []
    for pair in pairs:
        try:
            pact = load_pact(pair.pact)
        except PactFileError as exc:
            problems.append(f"{pair.label}: {exc} (run the consumer stage and commit the pact)")
            continue
        if (pact.consumer, pact.provider) != (pair.consumer, pair.provider):
            problems.append(
                f"{pair.label}: {pair.pact} is a pact between {pact.consumer} and {pact.provider}"
            )
        elif not pact.interactions:
            problems.append(f"{pair.label}: {pair.pact} holds no interactions")
        for description in pact.duplicate_descriptions():
            problems.append(
                f"{pair.label}: two interactions are described as {description!r}; "
                "descriptions must be unique so that results can be matched to them"
            )
    return problems


def pending_problems(pact: PactFile, *, branch: str) -> list[str]:
    """Pending interactions are allowed while a consumer's branch waits for its provider, not on main."""
    if branch not in PROTECTED_BRANCHES:
        return []
    return [
        f"{pact.consumer} → {pact.provider}: interaction {i.description!r} is pending on {branch}; "
        "implement it in the provider or take it out of the consumer test before merging"
        for i in pact.interactions
        if i.pending
    ]


def state_problems(
    pact: PactFile, signatures: dict[str, StateSignature], *, provider: str
) -> list[str]:
    """States with no handler in the provider, or whose parameters the handler does not take.

    Checked before verifying: the verifier retries a state change that fails with a 5xx for
    minutes, and one without a handler tells nothing about which state was missing.
    """
    problems = []
    for interaction in pact.interactions:
        for state in interaction.states:
            signature = signatures.get(state.name)
            where = f"{pact.consumer} → {pact.provider}, interaction {interaction.description!r}"
            if signature is None:
                problems.append(
                    f"{where}: provider state {state.name!r} has no handler in {provider}; "
                    "add it to PROVIDER_STATES in the pair's provider_states.py"
                )
                continue
            for problem in signature.parameter_problems(state.params):
                problems.append(f"{where}: provider state {state.name!r}: {problem}")
    return sorted(set(problems))


@dataclass(frozen=True)
class InteractionOutcome:
    consumer: str
    description: str
    ok: bool
    pending: bool
    mismatches: tuple[str, ...]


def exclusion_problems(pact: PactFile, excluded: dict[str, str], *, label: str) -> list[str]:
    """Every interaction a pair leaves out is in the pact: a stale name would hide nothing and
    let a renamed interaction be dropped unnoticed."""
    known = {i.description for i in pact.interactions}
    return [
        f"{label}: excluded interaction {description!r} is not in {pact.path}; "
        "rename or remove it under `excluded` in expected_pairs.toml"
        for description in sorted(set(excluded) - known)
    ]


def count_problems(
    pact: PactFile, outcomes: list[InteractionOutcome], *, excluded: dict[str, str] | None = None
) -> list[str]:
    """Every interaction in the pact was verified exactly once, and nothing else was.

    The verifier reports success when it verified nothing (no pact for its provider name, a
    filter that matched nothing), so the count is checked against the pact itself, less only
    the interactions the pair leaves out by name (`excluded`, each with its reason).
    """
    left_out = set(excluded or {})
    expected = Counter(i.description for i in pact.interactions if i.description not in left_out)
    verified = Counter(o.description for o in outcomes if o.consumer == pact.consumer)
    problems = []
    total_expected, total_verified = sum(expected.values()), sum(verified.values())
    if total_verified < total_expected:
        problems.append(
            f"{pact.consumer} → {pact.provider}: {total_verified} of {total_expected} interactions "
            "were verified"
        )
    for description in sorted(expected - verified):
        problems.append(
            f"{pact.consumer} → {pact.provider}: interaction {description!r} was not verified"
        )
    for description in sorted(verified - expected):
        problems.append(
            f"{pact.consumer} → {pact.provider}: the verifier reported {description!r}, "
            "which the pact does not hold"
        )
    return problems
