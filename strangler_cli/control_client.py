"""A small client of the control plane's API, configured from the environment.

STRANGLER_CONTROL_URL (default http://127.0.0.1:8000/_strangler/, i.e. through the proxy);
credentials: STRANGLER_API_TOKEN (a DRF token of a staff user) or STRANGLER_USER and
STRANGLER_PASSWORD (a staff login).
"""

from __future__ import annotations

import os
from typing import Any

import requests

from strangler_cli.errors import CliError

DEFAULT_URL = "http://127.0.0.1:8000/_strangler/"
TIMEOUT_SECONDS = 60  # a write-ownership switch may hold writes and drain sync first


class ControlClient:
    def __init__(self, env: dict[str, str] | None = None) -> None:
        env = dict(os.environ) if env is None else env
        self.base = env.get("STRANGLER_CONTROL_URL", DEFAULT_URL).rstrip("/") + "/api/v1/"
        self.session = requests.Session()
        if env.get("STRANGLER_API_TOKEN"):
            self.session.headers["Authorization"] = f"Token {env['STRANGLER_API_TOKEN']}"
        elif env.get("STRANGLER_USER"):
            self.session.auth = (env["STRANGLER_USER"], env.get("STRANGLER_PASSWORD", ""))
        else:
            raise CliError(
                "no credentials: set STRANGLER_API_TOKEN, or STRANGLER_USER and "
                "STRANGLER_PASSWORD, for a staff account of the control plane"
            )

    def get(self, path: str) -> dict[str, Any]:
        return self._call("GET", path)

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", path, json=body)

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        url = self.base + path
        try:
            response = self.session.request(method, url, timeout=TIMEOUT_SECONDS, **kwargs)
        except requests.RequestException as exc:
            raise CliError(f"cannot reach the control plane at {url}: {exc}", exit_code=1) from None
        try:
            body = response.json()
        except ValueError:
            body = {"detail": response.text[:300]}
        if response.status_code in (401, 403):
            raise CliError(
                f"the control plane refused the credentials: {body.get('detail', '')} "
                "(a staff account is needed)"
            )
        if response.status_code >= 500:
            raise CliError(f"the control plane failed ({response.status_code})", exit_code=1)
        if response.status_code >= 400:
            raise CliError(str(body.get("detail", body)))
        return body
