"""The provider stage: every listed pair's pact verified against its provider, guards first.

For each provider: its pacts must exist and be well-formed, none may be pending on main, and
every state they use must have a handler; only then is each pact replayed, and every interaction
in it must come back verified. The provider's results file records the outcome either way, so a
pass from an earlier run never outlives a failing one.
"""

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

from .config import ContractsConfig, Pair, Provider
from .guards import (
    InteractionOutcome,
    StateSignature,
    count_problems,
    exclusion_problems,
    missing_pacts,
    pending_problems,
    state_problems,
)
from .pactfile import PactFile, PactFileError, load_pact
from .provider_process import (
    ProviderStartError,
    RunningProvider,
    database_prepare,
    database_url_for,
    provider_process_for,
    provider_running,
    verification_database_url,
)
from .results import (
    RESULTS_DIR,
    PactResult,
    ProviderResults,
    now_utc,
    provider_fingerprint,
    results_write,
)
from .verification import verify_pact

Printer = Callable[[str], None]


@dataclass
class PairOutcome:
    pair: Pair
    pact: PactFile | None
    problems: list[str] = field(default_factory=list)
    verified: list[InteractionOutcome] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return self.pact is not None and not self.problems


@dataclass
class ProviderOutcome:
    provider: str
    pairs: list[PairOutcome] = field(default_factory=list)
    # Problems of the provider as a whole: it would not start, a state change was refused.
    problems: list[str] = field(default_factory=list)
    results: ProviderResults | None = None

    @property
    def success(self) -> bool:
        return bool(self.pairs) and not self.problems and all(p.success for p in self.pairs)

    def all_problems(self) -> list[str]:
        return [*self.problems, *(problem for p in self.pairs for problem in p.problems)]


def provider_stage(
    config: ContractsConfig,
    *,
    branch: str,
    providers: list[str] | None = None,
    results_dir: Path = RESULTS_DIR,
    database_url: str | None = None,
    patches: tuple[str, ...] = (),
    out: Printer = print,
) -> list[ProviderOutcome]:
    """Verify every provider named (all of them by default); write each one's results file."""
    names = providers or sorted(config.providers)
    unknown = [n for n in names if n not in config.providers]
    if unknown:
        known = ", ".join(sorted(config.providers))
        raise ValueError(
            f"unknown provider {', '.join(unknown)}; expected_pairs.toml lists: {known}"
        )
    database_url = database_url or verification_database_url()
    outcomes = []
    for name in names:
        out(f"\n== provider {name} ==")
        outcome = provider_verify(
            config,
            config.providers[name],
            branch=branch,
            database_url=database_url,
            patches=patches,
            out=out,
        )
        assert outcome.results is not None  # provider_verify always records them
        out(f"results: {results_write(results_dir, outcome.results)}")
        _summarise(outcome, out)
        outcomes.append(outcome)
    return outcomes


def provider_verify(
    config: ContractsConfig,
    provider: Provider,
    *,
    branch: str,
    database_url: str,
    patches: tuple[str, ...] = (),
    out: Printer = print,
) -> ProviderOutcome:
    """Guards, then verification of every pact served by `provider`; `results` is always set."""
    outcome = ProviderOutcome(provider=provider.name)
    fingerprint = provider_fingerprint(provider, config)
    outcome.pairs = [
        _pair_checked(pair, branch=branch) for pair in config.pairs_verified_against(provider.name)
    ]
    if not outcome.pairs:
        outcome.problems.append(
            f"{provider.name} has no pairs in expected_pairs.toml: nothing would be verified"
        )
    elif all(p.success for p in outcome.pairs):
        _verify_running(provider, outcome, database_url=database_url, patches=patches, out=out)
    outcome.results = _results(outcome, fingerprint=fingerprint, branch=branch, config=config)
    return outcome


def _pair_checked(pair: Pair, *, branch: str) -> PairOutcome:
    problems = missing_pacts([pair])
    try:
        pact = load_pact(pair.pact)
    except PactFileError:
        return PairOutcome(pair=pair, pact=None, problems=problems)
    problems += pending_problems(pact, branch=branch)
    problems += exclusion_problems(pact, pair.excluded, label=pair.label)
    return PairOutcome(pair=pair, pact=pact, problems=problems)


def _verify_running(
    provider: Provider,
    outcome: ProviderOutcome,
    *,
    database_url: str,
    patches: tuple[str, ...],
    out: Printer,
) -> None:
    database_url = database_url_for(database_url, provider.name)
    with tempfile.TemporaryDirectory(prefix=f"contracts-{provider.name}-") as tmp:
        log = Path(tmp) / "provider.log"
        try:
            out(f"preparing the verification database ({_redacted(database_url)})")
            database_prepare(provider, database_url=database_url, log=log)
            running_provider = provider_process_for(provider, default=provider_running)
            with running_provider(
                provider, database_url=database_url, log=log, patches=patches
            ) as running:
                out(f"{provider.name} is serving at {running.url}")
                _verify_pacts(outcome, running, out=out, scratch=Path(tmp))
        except ProviderStartError as exc:
            outcome.problems.append(str(exc))


def _verify_pacts(
    outcome: ProviderOutcome, running: RunningProvider, *, out: Printer, scratch: Path
) -> None:
    described = requests.get(running.states_url, timeout=10).json()["states"]
    signatures = {name: StateSignature.from_description(d) for name, d in described.items()}
    for checked in outcome.pairs:
        assert checked.pact is not None  # only pairs with a loaded pact get this far
        checked.problems += state_problems(checked.pact, signatures, provider=running.name)
    if not all(p.success for p in outcome.pairs):
        return
    # Start from an empty database, whatever an earlier run left behind.
    requests.post(
        running.states_url, json={"state": "", "action": "teardown"}, timeout=30
    ).raise_for_status()
    for checked in outcome.pairs:
        pact = checked.pact
        assert pact is not None
        excluded = checked.pair.excluded
        out(
            f"verifying {checked.pair.label}: {len(pact.interactions)} interactions from {pact.path}"
        )
        for description, reason in sorted(excluded.items()):
            out(f"  left out: {description!r}: {reason}")
        # The verifier prints its own report of each interaction as it goes.
        replayed = _without(pact, excluded, scratch=scratch) if excluded else pact
        run = verify_pact(replayed, kind=checked.pair.kind, running=running)
        checked.verified = [o for o in run.outcomes if o.consumer == pact.consumer]
        checked.problems += count_problems(pact, run.outcomes, excluded=excluded)
        for failed in run.failures:
            details = "; ".join(failed.mismatches) or "failed"
            checked.problems.append(
                f"{checked.pair.label}: interaction {failed.description!r}: {details}"
            )
        for waiting in (o for o in checked.verified if o.pending and not o.ok):
            out(
                f"note: pending interaction {waiting.description!r} is not honoured yet (allowed off main)"
            )
        if not run.passed and checked.success:
            checked.problems.append(f"{checked.pair.label}: the verifier failed:\n{run.output}")
    refusals = requests.get(running.states_url, timeout=10).json()
    for failure in refusals["failures"]:
        outcome.problems.append(f"state change refused by {running.name}: {failure['message']}")
    for failure in refusals["message_failures"]:
        outcome.problems.append(f"{running.name} produced no message: {failure['message']}")


def _without(pact: PactFile, excluded: dict[str, str], *, scratch: Path) -> PactFile:
    """A copy of the pact without the interactions left out by name, for the verifier."""
    document = dict(pact.document)
    document["interactions"] = [
        i for i in pact.document.get("interactions", []) if i["description"] not in excluded
    ]
    path = scratch / f"{pact.consumer}-{pact.provider}-replayed.json"
    path.write_text(json.dumps(document))
    return PactFile(path=path, consumer=pact.consumer, provider=pact.provider, document=document)


def _results(
    outcome: ProviderOutcome, *, fingerprint: str, branch: str, config: ContractsConfig
) -> ProviderResults:
    results = ProviderResults(
        provider=outcome.provider,
        fingerprint=fingerprint,
        branch=branch,
        verified_at=now_utc(),
        success=outcome.success,
        problems=outcome.all_problems(),
    )
    for checked in outcome.pairs:
        if checked.pact is None:
            continue
        verified = checked.verified
        results.pacts[checked.pact.sha256] = PactResult(
            consumer=checked.pair.consumer,
            provider=checked.pair.provider,
            pact=str(checked.pair.pact.relative_to(config.repo_root)),
            interactions=len(checked.pact.interactions),
            verified=len(verified),
            passed=sum(1 for o in verified if o.ok),
            pending=sum(1 for o in verified if o.pending),
            excluded=dict(checked.pair.excluded),
            success=checked.success and not outcome.problems,
            problems=checked.problems + outcome.problems,
        )
    return results


def _summarise(outcome: ProviderOutcome, out: Printer) -> None:
    if outcome.success:
        verified = sum(len(p.verified) for p in outcome.pairs)
        out(
            f"PASS {outcome.provider}: {verified} interactions verified in {len(outcome.pairs)} pacts"
        )
        return
    out(f"FAIL {outcome.provider}")
    for line in outcome.all_problems():
        out(f"  - {line}")


def _redacted(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        user = credentials.split(":", 1)[0]
        return f"{scheme}{sep}{user}@{host}"
    return url
