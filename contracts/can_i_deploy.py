"""The in-repo can-i-deploy: may SERVICE be deployed, judged from the pacts and results in the tree.

Yes only when every pair SERVICE takes part in (as the provider verified, or as the consumer) has
its committed pact, no pending interaction on main, and a passing result for exactly that pact
against the provider's current code. Every answer comes with its reasons.
"""

from dataclasses import dataclass, field
from pathlib import Path

from .config import ContractsConfig, Pair
from .guards import pending_problems
from .pactfile import PactFileError, load_pact
from .results import RESULTS_DIR, ProviderResults, provider_fingerprint, results_read


class UnknownService(ValueError):
    """The name is neither a provider nor a consumer in expected_pairs.toml."""


@dataclass
class Decision:
    service: str
    reasons: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)

    @property
    def deployable(self) -> bool:
        return not self.blockers

    def report(self) -> str:
        lines = [f"can-i-deploy {self.service}: {'yes' if self.deployable else 'no'}"]
        lines += [f"  ✘ {b}" for b in self.blockers]
        lines += [f"  ✔ {r}" for r in self.reasons]
        return "\n".join(lines)


def can_i_deploy(
    service: str, *, config: ContractsConfig, branch: str, results_dir: Path = RESULTS_DIR
) -> Decision:
    if service not in config.participants():
        known = ", ".join(config.participants())
        raise UnknownService(f"{service!r} is in no pair of expected_pairs.toml; known: {known}")
    decision = Decision(service=service)
    # A stand-in serving the service's routes (the proxy, for parity) vouches for it too.
    stand_ins = {name for name, p in config.providers.items() if service in p.serves}
    pairs = [
        p
        for p in config.pairs
        if service in (p.verified_against, p.consumer) or p.verified_against in stand_ins
    ]
    results: dict[str, ProviderResults | None] = {}
    fingerprints: dict[str, str] = {}
    for pair in pairs:
        provider = pair.verified_against
        if provider not in results:
            results[provider] = results_read(results_dir, provider)
            fingerprints[provider] = provider_fingerprint(config.providers[provider], config)
        _judge_pair(decision, pair, results[provider], fingerprints[provider], branch=branch)
    return decision


def _judge_pair(
    decision: Decision,
    pair: Pair,
    results: ProviderResults | None,
    fingerprint: str,
    *,
    branch: str,
) -> None:
    try:
        pact = load_pact(pair.pact)
    except PactFileError as exc:
        decision.blockers.append(f"{pair.label}: {exc}")
        return
    decision.blockers += pending_problems(pact, branch=branch)
    provider = pair.verified_against
    if results is None:
        decision.blockers.append(
            f"{pair.label}: no verification results for {provider} in the tree; run `make contracts`"
        )
        return
    if results.fingerprint != fingerprint:
        decision.blockers.append(
            f"{pair.label}: {provider}'s code or state handlers changed since it was verified at "
            f"{results.verified_at}; run `make contracts`"
        )
        return
    entry = results.pacts.get(pact.sha256)
    if entry is None:
        decision.blockers.append(
            f"{pair.label}: the committed pact (sha256 {pact.sha256[:12]}) was never verified "
            f"against {provider}; run `make contracts`"
        )
        return
    if not entry.success or entry.verified + len(entry.excluded) < entry.interactions:
        detail = "; ".join(entry.problems) or "see the provider stage output"
        decision.blockers.append(
            f"{pair.label}: {entry.passed} of {entry.interactions} interactions passed against "
            f"{provider} ({detail})"
        )
        return
    if entry.excluded != pair.excluded:
        decision.blockers.append(
            f"{pair.label}: the interactions left out changed since it was verified against "
            f"{provider}; run `make contracts`"
        )
        return
    counted = (
        f"all {entry.interactions}"
        if not entry.excluded
        else f"{entry.interactions - len(entry.excluded)} of {entry.interactions}"
    )
    decision.reasons.append(
        f"{pair.label}: {counted} interactions verified against {provider} at "
        f"{results.verified_at} (pact sha256 {pact.sha256[:12]})"
    )
    decision.reasons += [
        f"{pair.label}: {description!r} left out: {reason}"
        for description, reason in sorted(entry.excluded.items())
    ]
