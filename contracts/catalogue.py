"""The event catalogue against the message pairs: every event type on the bus has its contracts.

The truth is in the registries each project fills at start-up: the event types it owns
(`messaging.event_types`) and the consumers it runs with the types each handles
(`messaging.consumers`). They are read from every provider's own project
(`project_settings` in expected_pairs.toml), one process each, and checked against the message
pairs, their pacts, `[unconsumed_events]` and the catalogue in docs/events.md:

- every registered type is in the catalogue, and the catalogue lists no other;
- every type is owned by a provider of expected_pairs.toml;
- every type a consumer handles has a message pair (consumer, owner) whose pact holds a message
  of that type; every message in a pact is of a type its consumer handles and its pair's
  provider owns;
- every type no consumer handles is listed in `[unconsumed_events]` with why, and only those.

    python -m contracts.catalogue SETTINGS   # one project's registries as JSON (used below)
"""

import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from .config import REPO_ROOT, ContractsConfig
from .pactfile import PactFileError, load_pact

CATALOGUE = REPO_ROOT / "docs" / "events.md"
_CATALOGUE_ROW = re.compile(r"^\|\s*`([a-z0-9_.]+\.v[0-9]+)`\s*\|", re.MULTILINE)


class CatalogueError(Exception):
    """A project's registries could not be read; the message carries its output."""


@dataclass
class Registries:
    """Event types (name → owner) and consumers (name → types handled) of all projects."""

    event_types: dict[str, str] = field(default_factory=dict)
    consumers: dict[str, set[str]] = field(default_factory=dict)

    def add(self, snapshot: Mapping[str, object]) -> None:
        self.event_types.update(cast(Mapping[str, str], snapshot["event_types"]))
        for name, types in cast(Mapping[str, list[str]], snapshot["consumers"]).items():
            self.consumers.setdefault(name, set()).update(types)


def catalogue_types(path: Path = CATALOGUE) -> set[str]:
    """The event types docs/events.md lists in its tables."""
    return set(_CATALOGUE_ROW.findall(path.read_text()))


def registries_read(config: ContractsConfig) -> Registries:
    """Every provider project's registries, each read in a process of its own."""
    registries = Registries()
    for provider in config.providers.values():
        if provider.project_settings:
            registries.add(project_registries(provider.project_settings))
    return registries


def project_registries(settings: str) -> dict[str, object]:
    command = [sys.executable, "-m", "contracts.catalogue", settings]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise CatalogueError(f"reading the registries of {settings} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def catalogue_problems(
    config: ContractsConfig, registries: Registries, documented: set[str]
) -> list[str]:
    """Every way the pairs, their pacts, the registries and the catalogue disagree."""
    problems: list[str] = []
    owners = registries.event_types
    for name in sorted(set(owners) - documented):
        problems.append(f"{name} is registered but not in docs/events.md: add it to the catalogue")
    for name in sorted(documented - set(owners)):
        problems.append(f"docs/events.md lists {name}, which no project registers")
    for name, owner in sorted(owners.items()):
        if owner not in config.providers:
            problems.append(
                f"{name} is owned by {owner!r}, which is no provider in expected_pairs.toml"
            )
    declared = _declared_messages(config, problems)
    handled = {
        (consumer, event_type)
        for consumer, types in registries.consumers.items()
        for event_type in types
    }
    for consumer, event_type in sorted(handled):
        known_owner = owners.get(event_type)
        if known_owner is None:
            problems.append(f"consumer {consumer} handles {event_type}, which no project registers")
        elif (consumer, known_owner, event_type) not in declared:
            pair = f"{consumer.replace('-', '_')} → {known_owner}"
            problems.append(
                f"consumer {consumer} handles {event_type} but no message pact says so: add a "
                f'message to the {pair} pair\'s consumer test (and the pair, kind = "message")'
            )
    for consumer, provider, event_type in sorted(declared):
        if (consumer, event_type) not in handled:
            problems.append(
                f"the {consumer.replace('-', '_')} → {provider} pact has a {event_type} message, "
                f"but consumer {consumer} has no handler for it"
            )
        if owners.get(event_type, provider) != provider:
            problems.append(
                f"the {consumer.replace('-', '_')} → {provider} pact has a {event_type} message, "
                f"but {owners[event_type]} owns that type"
            )
    consumed = {event_type for _, event_type in handled}
    for name in sorted(set(owners) - consumed - set(config.unconsumed_events)):
        problems.append(
            f"no consumer handles {name}: list it under [unconsumed_events] in expected_pairs.toml "
            "with the reason, or add its consumer's pair"
        )
    for name in sorted(set(config.unconsumed_events)):
        if name not in owners:
            problems.append(f"[unconsumed_events] lists {name}, which no project registers")
        elif name in consumed:
            problems.append(
                f"[unconsumed_events] lists {name}, but a consumer handles it: take it out"
            )
    return problems


def _declared_messages(config: ContractsConfig, problems: list[str]) -> set[tuple[str, str, str]]:
    """(messaging consumer, provider, event type) of every message in the message pacts."""
    declared = set()
    for pair in config.pairs:
        if pair.kind != "message":
            continue
        try:
            pact = load_pact(pair.pact)
        except PactFileError as exc:
            problems.append(f"{pair.label}: {exc}")
            continue
        for interaction in pact.interactions:
            if interaction.message_type is None:
                problems.append(
                    f"{pair.label}: message {interaction.description!r} names no event `type` "
                    "in its metadata"
                )
                continue
            declared.add((pair.messaging_consumer, pair.provider, interaction.message_type))
    return declared


def _dump(settings: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django

    django.setup()
    from messaging.consumers import all_consumers
    from messaging.event_types import all_event_types

    print(
        json.dumps(
            {
                "event_types": {t.name: t.owner for t in all_event_types()},
                "consumers": {c.name: c.event_types for c in all_consumers()},
            }
        )
    )


if __name__ == "__main__":
    _dump(sys.argv[1])
