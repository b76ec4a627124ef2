"""One pact replayed against a running provider with pact-python's Verifier, read back as outcomes."""

import os
from dataclasses import dataclass
from typing import Any

from pact import Verifier

from .guards import InteractionOutcome
from .pactfile import PactFile
from .provider_process import RunningProvider

REQUEST_TIMEOUT_MS = 15_000
MISMATCH_KINDS = {
    "BodyMismatch": "body",
    "BodyTypeMismatch": "body",
    "HeaderMismatch": "header",
    "StatusMismatch": "status",
    "MetadataMismatch": "metadata",
}


@dataclass(frozen=True)
class VerifierRun:
    """What the verifier did: each interaction's outcome, its own report, and whether it passed."""

    passed: bool
    outcomes: list[InteractionOutcome]
    output: str

    @property
    def failures(self) -> list[InteractionOutcome]:
        return [o for o in self.outcomes if not o.ok and not o.pending]


def verify_pact(pact: PactFile, *, kind: str, running: RunningProvider) -> VerifierRun:
    """Replay every interaction of `pact` against the running provider, states set up by it.

    HTTP interactions are requests to the provider itself. For a message pact the verifier asks
    the provider's message endpoint (`/_pact/messages/<consumer>`) for each message, which
    answers with the event its outbox recorded under the interaction's states.

    The verifier is named after the pact's own provider: any other name makes it skip the file
    and report success, which the interaction count guard would then catch.
    """
    # The verifier reports usage statistics over the network unless told not to.
    os.environ.setdefault("PACT_DO_NOT_TRACK", "true")
    verifier = Verifier(pact.provider, host="127.0.0.1").add_source(pact.path)
    if kind == "message":
        verifier.add_transport(
            protocol="message", port=running.port, path=running.messages_path(pact.consumer)
        )
    else:
        verifier.add_transport(url=running.url)
    verifier = (
        verifier.state_handler(running.states_url, teardown=True, body=True)
        .set_error_on_empty_pact(enabled=True)
        .set_coloured_output(enabled=False)
        .set_request_timeout(REQUEST_TIMEOUT_MS)
    )
    try:
        verifier.verify()
        passed = True
    except RuntimeError:
        passed = False
    results = verifier.results
    return VerifierRun(
        passed=passed and bool(results.get("result", False)),
        outcomes=[_outcome(item) for item in results.get("interactionResults", [])],
        output=verifier.output(strip_ansi=True),
    )


def _outcome(item: dict[str, Any]) -> InteractionOutcome:
    return InteractionOutcome(
        consumer=item.get("consumer", ""),
        description=item.get("description", ""),
        ok=item.get("result") == "OK",
        pending=bool(item.get("pending", False)),
        mismatches=tuple(_mismatch_lines(item.get("mismatch"))),
    )


def _mismatch_lines(mismatch: dict[str, Any] | None) -> list[str]:
    """Each difference as "<where>: <what>", e.g. "body $: Actual map is missing ... prod_name"."""
    if not mismatch:
        return []
    if mismatch.get("type") == "error":
        return [str(mismatch.get("message", "verification error"))]
    lines = []
    for item in mismatch.get("mismatches", []):
        kind = MISMATCH_KINDS.get(item.get("type", ""), item.get("type", ""))
        place = item.get("path") or item.get("key")
        where = f"{kind} {place}" if place else kind
        what = item.get("mismatch") or f"expected {item.get('expected')}, got {item.get('actual')}"
        lines.append(f"{where}: {what}".strip())
    return lines
