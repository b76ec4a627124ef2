"""The consumer stage: every consumer test run into a fresh folder, and the pacts compared.

A pact that differs from the committed one fails the stage with its diff (`--update` writes the
new pacts instead, for a change the consumer means to make). So do a listed pair whose tests
wrote no pact, a pact no pair lists, and a committed pact no pair lists any more.

Consumer tests run in one pytest process per Django settings module (`consumer_settings`: a
message consumer's handlers run in their own project), each with test databases of its own,
named after the verification database (`<it>_consumer_<project>`), never a person's.
"""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .config import REPO_ROOT, ContractsConfig, Pair
from .pactfile import diff, render
from .provider_process import database_url_for, verification_database_url

Printer = Callable[[str], None]
CONSUMER_TEST = "test_consumer.py"
# Every variable a project's test settings read its database from.
DATABASE_ENVS = (
    "DATABASE_URL",
    "USERS_DATABASE_URL",
    "PRODUCTS_DATABASE_URL",
    "ORDERS_DATABASE_URL",
)


@dataclass
class ConsumerOutcome:
    problems: list[str] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.problems


def consumer_stage(
    config: ContractsConfig, *, update: bool = False, out: Printer = print
) -> ConsumerOutcome:
    outcome = ConsumerOutcome()
    pairs = [p for p in config.pairs if p.has_consumer_test]
    tests = [pair.folder / CONSUMER_TEST for pair in pairs]
    outcome.problems += [
        f"{pair.label}: {pair.folder / CONSUMER_TEST} is missing"
        for pair in pairs
        if not (pair.folder / CONSUMER_TEST).is_file()
    ]
    if not tests:
        outcome.problems.append("expected_pairs.toml lists no pair with a consumer test")
    if outcome.problems:
        return outcome
    with tempfile.TemporaryDirectory(prefix="pacts-") as tmp:
        generated_root = Path(tmp)
        failed = [
            settings or "the default settings"
            for settings, group in _by_settings(pairs).items()
            if not _run_consumer_tests(
                [pair.folder / CONSUMER_TEST for pair in group],
                generated_root,
                settings=settings,
                out=out,
            )
        ]
        if failed:
            outcome.problems.append(
                f"consumer tests failed under {', '.join(failed)} (see above); no pact was compared"
            )
            return outcome
        pacts_compare(config, generated_root, outcome, update=update, out=out)
    return outcome


def _by_settings(pairs: list[Pair]) -> dict[str | None, list[Pair]]:
    groups: dict[str | None, list[Pair]] = {}
    for pair in pairs:
        groups.setdefault(pair.consumer_settings, []).append(pair)
    return groups


def consumer_database_url(settings: str | None) -> str:
    """The test database the consumer tests under `settings` use (pytest-django adds `test_`)."""
    return database_url_for(verification_database_url(), f"consumer_{_project(settings)}")


def _project(settings: str | None) -> str:
    if settings is None:
        return "default"
    generic = {"extracted_services", "contracts", "settings", "test", "provider_settings"}
    return "_".join(part for part in settings.split(".") if part not in generic) or "default"


def _run_consumer_tests(
    tests: list[Path], pact_dir: Path, *, settings: str | None, out: Printer
) -> bool:
    # importlib mode: every pair folder has its own test_consumer.py. The databases are the
    # stage's own, so they are kept between runs (--reuse-db): only new migrations are applied.
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "--import-mode=importlib", "--reuse-db",
        *(["--ds", settings] if settings else []),
        *map(str, tests),
    ]  # fmt: skip
    out("$ " + " ".join(command[1:]))
    database = consumer_database_url(settings)
    env = {
        **os.environ,
        **dict.fromkeys(DATABASE_ENVS, database),
        "CONTRACTS_PACT_DIR": str(pact_dir),
        # The pact library reports usage statistics over the network unless told not to.
        "PACT_DO_NOT_TRACK": "true",
    }
    return subprocess.run(command, cwd=REPO_ROOT, env=env).returncode == 0


def pacts_compare(
    config: ContractsConfig,
    generated_root: Path,
    outcome: ConsumerOutcome,
    *,
    update: bool,
    out: Printer,
) -> None:
    """Check the pacts written under `generated_root` against the committed ones (or update them)."""
    pairs = [p for p in config.pairs if p.has_consumer_test]
    expected = {generated_root / pair.name / pair.pact.name: pair for pair in pairs}
    for written in sorted(generated_root.rglob("*.json")):
        if written not in expected:
            outcome.problems.append(
                f"a consumer test wrote {written.relative_to(generated_root)}, but no pair in "
                "expected_pairs.toml lists it: add a [[pairs]] entry (or fix the test's names)"
            )
    for generated, pair in expected.items():
        if not generated.is_file():
            outcome.problems.append(f"{pair.label}: the consumer tests wrote no pact")
            continue
        if update:
            if _write_if_changed(pair.pact, render(_load(generated))):
                outcome.updated.append(pair.pact)
                out(f"updated {pair.pact.relative_to(config.repo_root)}")
            continue
        if not pair.pact.is_file():
            outcome.problems.append(
                f"{pair.label}: no committed pact at {pair.pact.relative_to(config.repo_root)}; "
                "run `contracts/run.py consumer --update` and commit it"
            )
            continue
        changes = diff(pair.pact, generated)
        if changes:
            out(changes)
            outcome.problems.append(
                f"{pair.label}: the pact the consumer tests produce differs from the committed "
                f"{pair.pact.relative_to(config.repo_root)} (diff above); if the change is meant, run "
                "`contracts/run.py consumer --update` and commit it with the consumer change"
            )
        else:
            out(f"{pair.label}: pact unchanged ({pair.pact.relative_to(config.repo_root)})")
    _stale_pacts(config, outcome, update=update, out=out)


def _stale_pacts(
    config: ContractsConfig, outcome: ConsumerOutcome, *, update: bool, out: Printer
) -> None:
    listed = {pair.pact for pair in config.pairs}
    for committed in sorted((config.root / "pacts").rglob("*.json")):
        if committed in listed:
            continue
        if update:
            committed.unlink()
            if not any(committed.parent.iterdir()):
                committed.parent.rmdir()
            out(f"removed {committed.relative_to(config.repo_root)}: no pair lists it")
            continue
        outcome.problems.append(
            f"{committed.relative_to(config.repo_root)} is committed but no pair in expected_pairs.toml "
            "lists it: list the pair, or delete the pact"
        )


def _load(path: Path) -> dict:
    return json.loads(path.read_text())


def _write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text() == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return True
