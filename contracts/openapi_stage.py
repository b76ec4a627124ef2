"""The openapi stage: every service's OpenAPI schema checked against the service itself.

Each provider with an `openapi` path in expected_pairs.toml is started as the provider stage
starts it (gunicorn, its own database `<verification database>_openapi_<name>`, emptied), given a
few rows through its provider states so that lists have something to show, and then
`openapi/test_service_schemas.py` sends it schemathesis's property-based requests, signed as a
service: no answer may be a 5xx, and every answer must be one its schema documents, with the
content type, headers and body the schema gives it.
"""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import requests

from .config import REPO_ROOT, ContractsConfig, Provider
from .provider_process import (
    ProviderStartError,
    RunningProvider,
    database_prepare,
    database_url_for,
    provider_running,
    verification_database_url,
)

Printer = Callable[[str], None]
TEST_MODULE = Path(__file__).resolve().parent / "openapi" / "test_service_schemas.py"
DEFAULT_EXAMPLES = 10

# Rows to find, set up through the states the monolith's pacts already name.
SEEDS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "users": [
        (
            "a customer {username} with id {id}, legacy id {legacy_id} and password {password}",
            {
                "username": "dora",
                "id": "0c3a9a5e-7d4b-4a51-9a3e-2f1d6c8b7a01",
                "legacy_id": 42,
                "password": "correct-horse-battery",
            },
        )
    ],
    "products": [
        (
            "a category {slug} with id {id} and legacy id {legacy_id}",
            {"slug": "kitchen", "id": "7a0d3b52-8e61-4f1c-9d2e-1b6f0c4a5e11", "legacy_id": 7},
        ),
        (
            "a product {sku} with id {id} and legacy id {legacy_id} in category {category_id}, "
            "{stock} in stock",
            {
                "sku": "TEA-1",
                "id": "5d3b8c4e-1f0a-4c9e-9a57-3b8e2f6d7c10",
                "legacy_id": 70,
                "category_id": "7a0d3b52-8e61-4f1c-9d2e-1b6f0c4a5e11",
                "stock": 5,
            },
        ),
    ],
    "orders": [
        (
            "the orders service knows customer {legacy_id} as {id}",
            {"legacy_id": 42, "id": "0c3a9a5e-7d4b-4a51-9a3e-2f1d6c8b7a01"},
        ),
        (
            "the orders service knows product {sku} ({id}, legacy id {legacy_id}), {stock} in stock",
            {
                "sku": "TEA-1",
                "id": "5d3b8c4e-1f0a-4c9e-9a57-3b8e2f6d7c10",
                "legacy_id": 70,
                "stock": 5,
            },
        ),
        (
            "order {id} with legacy id {legacy_id} of customer {customer_legacy_id} for two of "
            "product {product_id} is {status}",
            {
                "id": "b4d1e2f3-0a9b-4c8d-9e7f-6a5b4c3d2e1f",
                "legacy_id": 1001,
                "customer_legacy_id": 42,
                "product_id": "5d3b8c4e-1f0a-4c9e-9a57-3b8e2f6d7c10",
                "status": "placed",
            },
        ),
    ],
}


def openapi_stage(
    config: ContractsConfig,
    *,
    services: list[str] | None = None,
    examples: int | None = None,
    database_url: str | None = None,
    out: Printer = print,
) -> bool:
    """Check each chosen service (every one with a schema by default); True when all pass."""
    checked = [p for p in config.providers.values() if p.openapi]
    unknown = sorted(set(services or []) - {p.name for p in checked})
    if unknown:
        known = ", ".join(p.name for p in checked)
        raise ValueError(f"no OpenAPI schema is listed for {', '.join(unknown)}; listed: {known}")
    if services:
        checked = [p for p in checked if p.name in services]
    if not checked:
        out("expected_pairs.toml lists no provider with an `openapi` schema path")
        return False
    base = database_url or verification_database_url()
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="contracts-openapi-") as tmp:
        schemas: dict[str, str] = {}
        for provider in checked:
            try:
                running = _started(provider, base, Path(tmp), stack)
            except ProviderStartError as exc:
                out(f"FAIL {provider.name}: {exc}")
                return False
            schemas[provider.name] = running.url + str(provider.openapi)
            out(f"{provider.name} is serving its schema at {schemas[provider.name]}")
        return _schemas_checked(schemas, examples=examples or DEFAULT_EXAMPLES, out=out)


def _started(provider: Provider, base: str, tmp: Path, stack: ExitStack) -> RunningProvider:
    database = database_url_for(base, f"openapi_{provider.name}")
    log = tmp / f"{provider.name}.log"
    database_prepare(provider, database_url=database, log=log)
    running = stack.enter_context(provider_running(provider, database_url=database, log=log))
    states = requests.Session()
    states.post(running.states_url, json={"state": "", "action": "teardown"}, timeout=30)
    for state, params in SEEDS.get(provider.name, []):
        answer = states.post(
            running.states_url,
            json={"state": state, "params": params, "action": "setup"},
            timeout=30,
        )
        if answer.status_code != 200:
            raise ProviderStartError(f"seeding {provider.name} failed: {answer.text}")
    return running


def _schemas_checked(schemas: dict[str, str], *, examples: int, out: Printer) -> bool:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(TEST_MODULE)]
    out("$ " + " ".join(command[1:]) + f"  ({examples} examples per operation)")
    env = {
        **os.environ,
        "CONTRACTS_OPENAPI_SCHEMAS": json.dumps(schemas),
        "CONTRACTS_OPENAPI_EXAMPLES": str(examples),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    }
    passed = subprocess.run(command, cwd=REPO_ROOT, env=env).returncode == 0
    out(f"{'PASS' if passed else 'FAIL'} openapi: {', '.join(schemas)}")
    return passed
