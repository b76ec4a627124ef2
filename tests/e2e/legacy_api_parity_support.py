"""The processes of the legacy API parity test: the monolith's API, the three services' APIs (their
databases filled by `strangler backfill`), and two strangler proxies in front of them, one with
every feature at stage `legacy` and one at stage `new`, so the same request can be sent to both.

Each proxy reads a static route table (the shop's own, `shop_routes.json`, with the stage set),
so nothing but the stage differs between the two.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import requests

from messaging.tests.support import wait_until

from .stack import REPO_ROOT, Stack, free_port

SHOP_ROUTES = REPO_ROOT / "strangler_proxy" / "control_plane" / "features" / "shop_routes.json"
FEATURES = ("users", "products", "orders")
GUNICORN = [sys.executable, "-m", "gunicorn", "--workers", "2"]
STRANGLER = [sys.executable, "-m", "strangler_cli.main"]


@dataclass
class Proxies:
    """Base URLs of the proxy serving every feature from legacy and the one serving it new."""

    legacy: str
    new: str


class ParityStack(Stack):
    """`Stack` plus the monolith's web API, the services' APIs alone (no relay or consumers:
    the test writes nothing that must travel) and the proxies."""

    monolith_url: str = ""

    def start_monolith_api(
        self, settings: str = "legacy_monolith.settings.test", workers: int = 2, **env: str
    ) -> str:
        """The monolith's web API; the contracts' proxy verification passes its provider
        settings (the state endpoint), one worker and the services' database URLs."""
        port = free_port()
        gunicorn = [*GUNICORN[:-1], str(workers)]
        self._spawn(
            [*gunicorn, "legacy_monolith.wsgi:application", "--bind", f"127.0.0.1:{port}"],
            self.env(DJANGO_SETTINGS_MODULE=settings, **env),
            "monolith-api",
        )
        self.monolith_url = f"http://127.0.0.1:{port}"
        _wait_for(f"{self.monolith_url}/api/categories/", "the monolith's API")
        return self.monolith_url

    def backfill(self, feature: str) -> None:
        """`strangler backfill FEATURE` into the service's database, from the monolith's (with
        the service's base settings, the ones that have the `legacy` database)."""
        env = self._service_env(feature)
        env["LEGACY_DATABASE_URL"] = self.legacy_database_url
        self._run(
            [*STRANGLER, "backfill", feature, "--no-progress"],
            env,
            f"backfill-{feature}",
        )

    def start_api(self, name: str) -> str:
        service = self.services[name]
        port = free_port()
        service.url = f"http://127.0.0.1:{port}"
        self._spawn(
            [
                *GUNICORN,
                f"extracted_services.{name}.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            self._service_env(name),
            f"{name}-api",
        )
        _wait_for(f"{service.url}/health/live", f"the {name} API")
        return service.url

    def start_proxies(self) -> Proxies:
        return Proxies(legacy=self.start_proxy("legacy"), new=self.start_proxy("new"))

    def start_proxy(self, stage: str, **settings: str) -> str:
        """A proxy with every feature of the shop's route table at `stage`; its base URL.
        `settings` are more STRANGLER_* variables for it."""
        table = json.loads(SHOP_ROUTES.read_text())
        for feature in table["features"]:
            feature["stage"] = stage
        routes_file = self.logs / f"routes-{stage}.json"
        routes_file.write_text(json.dumps(table))
        port = free_port()
        backends = ",".join(
            [f"legacy={self.monolith_url}"]
            + [f"{name}={self.services[name].url}" for name in FEATURES]
        )
        env = self.env(
            STRANGLER_PORT=str(port),
            STRANGLER_BACKENDS=backends,
            STRANGLER_ROUTES_FILE=str(routes_file),
            STRANGLER_OVERRIDE_SECRET="parity-test-override-secret-0123456789",
            STRANGLER_CONTROL_KEY="parity-test-control-key-0123456789",
            STRANGLER_RATE_LIMIT="100000/second",
            STRANGLER_ACCESS_LOG="0",
            **settings,
        )
        self._spawn([sys.executable, "-m", "strangler_proxy.data_plane"], env, f"proxy-{stage}")
        url = f"http://127.0.0.1:{port}"
        _wait_for(f"{url}/metrics", f"the proxy at stage {stage}")
        return url

    def _run(self, args: list[str], env: dict[str, str], name: str) -> None:
        child = self._spawn(args, env, name)
        code = child.process.wait(timeout=300)
        if code != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{child.output()[-3000:]}")


def _wait_for(url: str, what: str) -> None:
    def answers() -> bool:
        try:
            return requests.get(url, timeout=2).status_code < 500
        except requests.RequestException:
            return False

    wait_until(answers, timeout=60, interval=0.2, what=what)


def proxies_log_tail(stack: ParityStack) -> str:
    """The end of each proxy's log, for a failing comparison's message."""
    parts = []
    for stage in ("legacy", "new"):
        path: Path = stack.logs / f"proxy-{stage}.log"
        if path.exists():
            parts.append(f"--- proxy-{stage}\n{path.read_text(errors='replace')[-2000:]}")
    return "\n".join(parts)
