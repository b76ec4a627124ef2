"""The expected-pairs file (`contracts/expected_pairs.toml`): providers and consumer→provider pairs.

Every pact the repository keeps is listed here, and every listed pair must have its pact and a
passing verification: the file is what the guards check the tree against.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONTRACTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = CONTRACTS_DIR.parent
EXPECTED_PAIRS_FILE = CONTRACTS_DIR / "expected_pairs.toml"
# HTTP pacts are replayed against the running provider; message pacts ask the same running
# provider for the event its outbox recorded (see README.md, "Adding an event type").
PAIR_KINDS = ("http", "message")
# `strangler_proxy`: the proxy in front of the monolith and the services (proxy_process.py).
PROVIDER_RUNNERS = ("django", "strangler_proxy")


class ConfigError(Exception):
    """The expected-pairs file is wrong; the message says where and how to fix it."""


@dataclass(frozen=True)
class Provider:
    """Something pacts are verified against, and how to start it for verification."""

    name: str
    runner: str
    settings: str
    wsgi: str
    # Files whose change makes an earlier verification stale (see results.py).
    sources: tuple[str, ...]
    # The project's own settings, where its event types and consumers are read (catalogue.py);
    # None for a provider that is no project of the event bus.
    project_settings: str | None = None
    # Where it serves its OpenAPI schema, checked by the openapi stage; None if it has none.
    openapi: str | None = None
    # For a stand-in (the proxy): the services whose routes it serves, at stage `new`. Their
    # can-i-deploy answer depends on the pacts verified against it (parity).
    serves: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pair:
    """One consumer→provider contract: where its consumer test, states and pact live.

    `verified_against` is the provider that serves this pact in verification; it differs from
    `provider` when a pact is replayed against a stand-in (the proxy, for parity).
    `consumer_settings` is the Django settings module the consumer test runs under (a message
    consumer's handlers live in their own project); None runs it under pytest's default.
    """

    consumer: str
    provider: str
    kind: str
    verified_against: str
    folder: Path
    pact: Path
    states: Path
    consumer_settings: str | None = None
    # Interactions left out of this verification, by description, each with the reason (a
    # route the stand-in does not serve); every other interaction must still be verified.
    excluded: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.consumer}-{self.provider}"

    @property
    def label(self) -> str:
        if self.verified_against == self.provider:
            return f"{self.consumer} → {self.provider}"
        return f"{self.consumer} → {self.provider} (served by {self.verified_against})"

    @property
    def messaging_consumer(self) -> str:
        """The consumer in the messaging registry a message pair stands for (`_` for `-`)."""
        return self.consumer.replace("_", "-")

    @property
    def has_consumer_test(self) -> bool:
        """Parity pairs replay another pair's pact: only the original pair has the test."""
        return self.verified_against == self.provider


@dataclass(frozen=True)
class ContractsConfig:
    providers: dict[str, Provider]
    pairs: list[Pair] = field(default_factory=list)
    root: Path = CONTRACTS_DIR
    # Event types published with no consumer yet, each with the reason: no contract to keep.
    unconsumed_events: dict[str, str] = field(default_factory=dict)

    @property
    def repo_root(self) -> Path:
        """Provider sources are paths from here: the folder that holds contracts/."""
        return self.root.parent

    def pairs_verified_against(self, provider: str) -> list[Pair]:
        return [p for p in self.pairs if p.verified_against == provider]

    def participants(self) -> list[str]:
        """Every name can-i-deploy answers for: providers and consumers."""
        names = set(self.providers) | {p.consumer for p in self.pairs}
        return sorted(names)


_PROVIDER_KEYS = {"runner", "settings", "wsgi", "sources", "project_settings", "openapi", "serves"}
_PAIR_KEYS = {
    "consumer",
    "provider",
    "kind",
    "verified_against",
    "pact",
    "consumer_settings",
    "excluded",
}


def load_config(path: Path = EXPECTED_PAIRS_FILE) -> ContractsConfig:
    """Parse and check the expected-pairs file; raise ConfigError naming the entry at fault."""
    try:
        raw = tomllib.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"{path} is missing: it lists every expected pair") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    root = path.parent
    unknown = set(raw) - {"providers", "pairs", "unconsumed_events"}
    if unknown:
        raise ConfigError(f"{path}: unknown top-level keys {sorted(unknown)}")
    unconsumed = raw.get("unconsumed_events", {})
    if not isinstance(unconsumed, dict) or not all(
        isinstance(reason, str) and reason for reason in unconsumed.values()
    ):
        raise ConfigError(
            f"{path}: [unconsumed_events] maps each event type to why nothing consumes it"
        )
    providers = {
        name: _provider(name, entry, path) for name, entry in raw.get("providers", {}).items()
    }
    pairs = [_pair(index, entry, path, root) for index, entry in enumerate(raw.get("pairs", []))]
    _check_pairs(pairs, providers, path)
    return ContractsConfig(
        providers=providers, pairs=pairs, root=root, unconsumed_events=dict(unconsumed)
    )


def _provider(name: str, entry: Any, path: Path) -> Provider:
    where = f"{path}: [providers.{name}]"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be a table")
    _no_unknown_keys(entry, _PROVIDER_KEYS, where)
    runner = entry.get("runner", "django")
    if runner not in PROVIDER_RUNNERS:
        raise ConfigError(
            f"{where}: runner must be one of {list(PROVIDER_RUNNERS)}, not {runner!r}"
        )
    for key in ("settings", "wsgi"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise ConfigError(f"{where}: {key} is required (a dotted path)")
    sources = entry.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources) or not sources:
        raise ConfigError(f"{where}: sources must be a non-empty list of repository paths")
    project_settings = entry.get("project_settings")
    if project_settings is not None and (
        not isinstance(project_settings, str) or not project_settings
    ):
        raise ConfigError(f"{where}: project_settings must be a dotted settings module")
    openapi = entry.get("openapi")
    if openapi is not None and (not isinstance(openapi, str) or not openapi.startswith("/")):
        raise ConfigError(f"{where}: openapi must be the schema's path, such as /api/v1/schema/")
    serves = entry.get("serves", [])
    if not isinstance(serves, list) or not all(isinstance(s, str) and s for s in serves):
        raise ConfigError(f"{where}: serves must be a list of service names")
    return Provider(
        name=name,
        runner=runner,
        settings=entry["settings"],
        wsgi=entry["wsgi"],
        sources=tuple(sources),
        project_settings=project_settings,
        openapi=openapi,
        serves=tuple(serves),
    )


def _pair(index: int, entry: Any, path: Path, root: Path) -> Pair:
    where = f"{path}: pairs[{index}]"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be a table ([[pairs]])")
    _no_unknown_keys(entry, _PAIR_KEYS, where)
    for key in ("consumer", "provider"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.replace("_", "").isalnum():
            raise ConfigError(f"{where}: {key} is required: letters, digits and underscores")
    consumer, provider = entry["consumer"], entry["provider"]
    kind = entry.get("kind", "http")
    if kind not in PAIR_KINDS:
        raise ConfigError(f"{where}: kind must be one of {list(PAIR_KINDS)}, not {kind!r}")
    name = f"{consumer}-{provider}"
    verified_against = entry.get("verified_against", provider)
    pact = entry.get("pact", f"pacts/{name}/{name}.json")
    if not isinstance(verified_against, str) or not verified_against:
        raise ConfigError(f"{where}: verified_against must be a provider name")
    if not isinstance(pact, str) or not pact:
        raise ConfigError(f"{where}: pact must be a path from contracts/")
    consumer_settings = entry.get("consumer_settings")
    if consumer_settings is not None and (
        not isinstance(consumer_settings, str) or not consumer_settings
    ):
        raise ConfigError(f"{where}: consumer_settings must be a dotted settings module")
    excluded = entry.get("excluded", {})
    if not isinstance(excluded, dict) or not all(
        isinstance(reason, str) and reason.strip() for reason in excluded.values()
    ):
        raise ConfigError(
            f"{where}: excluded maps each left-out interaction's description to the reason"
        )
    if excluded and verified_against == provider:
        raise ConfigError(
            f"{where}: only a pact verified against a stand-in (verified_against) may leave "
            "interactions out; its own provider must honour all of them"
        )
    return Pair(
        consumer=consumer,
        provider=provider,
        kind=kind,
        verified_against=verified_against,
        folder=root / "pairs" / name,
        pact=root / pact,
        states=root / "pairs" / name / _states_file(verified_against, provider),
        consumer_settings=consumer_settings,
        excluded=dict(excluded),
    )


def _states_file(verified_against: str, provider: str) -> str:
    if verified_against == provider:
        return "provider_states.py"
    return f"provider_states_{verified_against}.py"


def _check_pairs(pairs: list[Pair], providers: dict[str, Provider], path: Path) -> None:
    seen: set[tuple[str, str, str]] = set()
    for pair in pairs:
        key = (pair.consumer, pair.provider, pair.verified_against)
        if key in seen:
            raise ConfigError(f"{path}: the pair {pair.label} is listed twice")
        seen.add(key)
        if pair.kind == "message" and pair.verified_against != pair.provider:
            raise ConfigError(
                f"{path}: the message pair {pair.label} must be verified against its own "
                "provider: an event is produced by the outbox of the project that owns it"
            )
        if pair.verified_against not in providers:
            raise ConfigError(
                f"{path}: the pair {pair.label} is verified against {pair.verified_against!r}, "
                f"which has no [providers.{pair.verified_against}] table"
            )


def _no_unknown_keys(entry: dict, allowed: set[str], where: str) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(allowed)})")
