"""Verification results, one JSON file per provider under contracts/results/, keyed by pact hash.

A result is evidence about two things: the pact (its content hash) and the provider's code
(`fingerprint`, a hash of the provider's `sources` and its pairs' state handlers). can-i-deploy
trusts a result only while both are unchanged. Test files are left out of the fingerprint: they
do not change what the provider serves, and they change far more often than it does.
"""

import hashlib
import json
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .config import CONTRACTS_DIR, ContractsConfig, Provider

RESULTS_DIR = CONTRACTS_DIR / "results"
FORMAT_VERSION = 1


@dataclass
class PactResult:
    consumer: str
    provider: str
    pact: str
    interactions: int
    verified: int
    passed: int
    pending: int
    success: bool
    problems: list[str] = field(default_factory=list)
    # Interactions left out by name (a route the stand-in does not serve), with the reasons.
    excluded: dict[str, str] = field(default_factory=dict)


@dataclass
class ProviderResults:
    provider: str
    fingerprint: str
    branch: str
    verified_at: str
    success: bool
    pacts: dict[str, PactResult] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT_VERSION, **asdict(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ProviderResults":
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"results format {data.get('format')!r}, expected {FORMAT_VERSION}")
        pacts = {sha: PactResult(**entry) for sha, entry in data["pacts"].items()}
        fields = {
            k: data[k] for k in ("provider", "fingerprint", "branch", "verified_at", "success")
        }
        return cls(**fields, pacts=pacts, problems=list(data.get("problems", [])))


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def results_path(results_dir: Path, provider: str) -> Path:
    return results_dir / f"{provider}.json"


def results_write(results_dir: Path, results: ProviderResults) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_path(results_dir, results.provider)
    path.write_text(json.dumps(results.to_json(), indent=2, sort_keys=True) + "\n")
    return path


def results_read(results_dir: Path, provider: str) -> ProviderResults | None:
    """The provider's last results, or None when there are none (or they are unreadable)."""
    path = results_path(results_dir, provider)
    try:
        return ProviderResults.from_json(json.loads(path.read_text()))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return None


def provider_fingerprint(provider: Provider, config: ContractsConfig) -> str:
    """A hash of every file the provider's behaviour under verification comes from."""
    root = config.repo_root
    paths = list(provider.sources)
    for pair in config.pairs_verified_against(provider.name):
        paths.append(str(pair.states.relative_to(root)))
    digest = hashlib.sha256()
    for relative in _files_under(root, sorted(set(paths))):
        digest.update(relative.encode() + b"\0")
        digest.update(hashlib.sha256((root / relative).read_bytes()).digest())
    return digest.hexdigest()


def _files_under(root: Path, paths: list[str]) -> list[str]:
    """Tracked and new files under `paths`, as git sees them (ignored files such as caches left out)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *paths],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout.decode()
        files = {name for name in listed.split("\0") if name}
    except (OSError, subprocess.CalledProcessError):
        files = set()
        for path in paths:
            top = root / path
            candidates = [top] if top.is_file() else top.rglob("*")
            files |= {
                str(p.relative_to(root))
                for p in candidates
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            }
    return sorted(f for f in files if not _is_test_file(f) and (root / f).is_file())


def _is_test_file(relative: str) -> bool:
    path = Path(relative)
    return "tests" in path.parts[:-1] or path.name.startswith("test_") or path.name == "conftest.py"
