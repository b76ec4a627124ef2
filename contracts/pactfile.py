"""Pact files as the guards read them: canonical form, content hash, interactions and states."""

import difflib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class PactFileError(Exception):
    """A pact file is missing or unreadable; the message names it."""


@dataclass(frozen=True)
class ProviderState:
    name: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Interaction:
    description: str
    states: tuple[ProviderState, ...]
    pending: bool
    # A message's metadata (its CloudEvents `type`, ...); empty for HTTP interactions.
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def message_type(self) -> str | None:
        value = self.metadata.get("type")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class PactFile:
    path: Path
    consumer: str
    provider: str
    document: dict[str, Any]

    @property
    def interactions(self) -> list[Interaction]:
        return [
            Interaction(
                description=item["description"],
                states=tuple(
                    ProviderState(name=s["name"], params=dict(s.get("params") or {}))
                    for s in item.get("providerStates", [])
                ),
                pending=bool(item.get("pending", False)),
                metadata=dict(item.get("metadata") or {}) if "contents" in item else {},
            )
            for item in self.document.get("interactions", [])
        ]

    @property
    def sha256(self) -> str:
        return content_hash(self.document)

    def duplicate_descriptions(self) -> list[str]:
        """Descriptions used twice: verification results are matched to interactions by them."""
        names = [i.description for i in self.interactions]
        return sorted({n for n in names if names.count(n) > 1})


def load_pact(path: Path) -> PactFile:
    try:
        document = json.loads(path.read_text())
    except FileNotFoundError:
        raise PactFileError(f"no pact file at {path}") from None
    except json.JSONDecodeError as exc:
        raise PactFileError(f"{path} is not valid JSON: {exc}") from None
    try:
        return PactFile(
            path=path,
            consumer=document["consumer"]["name"],
            provider=document["provider"]["name"],
            document=canonical(document),
        )
    except (KeyError, TypeError):
        raise PactFileError(
            f"{path} is not a pact: it needs consumer.name and provider.name"
        ) from None


def canonical(document: dict[str, Any]) -> dict[str, Any]:
    """The pact with what is not the contract left out and a stable interaction order.

    The pact library's own version (metadata.pactRust) is left out so that upgrading it is not a
    contract change; interactions are ordered by description, then states, as the order they
    were recorded in depends on which test ran first.
    """
    doc = json.loads(json.dumps(document))
    metadata = doc.get("metadata", {})
    metadata.pop("pactRust", None)
    metadata.pop("pactPython", None)
    doc["interactions"] = sorted(
        doc.get("interactions", []),
        key=lambda i: (
            i.get("description", ""),
            json.dumps(i.get("providerStates", []), sort_keys=True),
        ),
    )
    return doc


def render(document: dict[str, Any]) -> str:
    """How pact files are committed: canonical, sorted keys, two-space indent, final newline."""
    return json.dumps(canonical(document), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def content_hash(document: dict[str, Any]) -> str:
    compact = json.dumps(canonical(document), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(compact.encode()).hexdigest()


def diff(committed: Path, generated: Path) -> str:
    """A unified diff of two pact files in their committed form ("" when they agree)."""
    before = render(json.loads(committed.read_text())).splitlines(keepends=True)
    after = render(json.loads(generated.read_text())).splitlines(keepends=True)
    return "".join(
        difflib.unified_diff(
            before, after, fromfile=f"committed {committed}", tofile="generated now"
        )
    )
