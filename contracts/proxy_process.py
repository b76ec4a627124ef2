"""The `strangler_proxy` runner: the proxy at stage `new` in front of the monolith and the services.

The stack is the legacy API parity test's (`tests/e2e/legacy_api_parity_support.py`): the
monolith's API, the users, products and orders services' APIs on databases of their own, and a
proxy serving the shop's route table. Here the monolith runs with the provider's settings, so its
state endpoint sets each state up in the legacy tables and carries it to the services (see
`pairs/mobile_app-legacy_monolith/provider_states_strangler_proxy.py`); the verifier sends the
pact's requests to the proxy.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.legacy_api_parity_support import FEATURES, ParityStack

from .config import Provider
from .provider_process import ProviderStartError, RunningProvider


@contextmanager
def proxy_running(
    provider: Provider, *, database_url: str, log: Path, patches: tuple[str, ...] = ()
) -> Iterator[RunningProvider]:
    """The whole stack on `database_url` (the monolith's) and `<its name>_<service>`."""
    if not database_url.startswith("postgres"):
        raise ProviderStartError(
            f"{provider.name} needs PostgreSQL: set CONTRACTS_DATABASE_URL to a postgres:// URL"
        )
    logs = log.parent / "stack"
    logs.mkdir(exist_ok=True)
    stack = ParityStack(legacy_database_url=database_url, logs=logs)
    try:
        try:
            for feature in FEATURES:
                stack.create_service(feature)
            services = {
                f"{name.upper()}_DATABASE_URL": stack.services[name].database_url
                for name in FEATURES
            }
            env = {**services, "CONTRACTS_PROVIDER_PATCHES": ",".join(patches)}
            # One worker: the state endpoint keeps its refusals in memory for the stage to read.
            monolith = stack.start_monolith_api(settings=provider.settings, workers=1, **env)
            for feature in FEATURES:
                stack.start_api(feature)
            # No identity cache: between interactions the states give one token to another
            # customer, or to none, which a token never does in the shop.
            proxy = stack.start_proxy("new", STRANGLER_IDENTITY_CACHE_SECONDS="0")
        except Exception as exc:
            raise ProviderStartError(
                f"{provider.name} did not start: {exc}\n{_logs(logs)}"
            ) from exc
        yield RunningProvider(name=provider.name, url=proxy, log=log, states_base=monolith)
    finally:
        stack.close()
        _copy_logs(logs, log)


def _logs(folder: Path, chars: int = 1500) -> str:
    return "\n".join(
        f"--- {path.stem}\n{path.read_text(errors='replace')[-chars:]}"
        for path in sorted(folder.glob("*.log"))
    )


def _copy_logs(folder: Path, log: Path) -> None:
    with log.open("a") as out:
        out.write(_logs(folder))
