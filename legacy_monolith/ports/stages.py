"""The migration stage of each feature, as the monolith's ports see it: the one place to ask.

With `STRANGLER_CONTROL_PLANE_URL` set, the stages are the control plane's, read from the route
table the proxy routes by (`GET /_strangler/api/v1/routing-table/`, `Authorization: Proxy <control
key>`): a copy is revalidated with `If-None-Match` (a 304 costs one small request) once it is
older than MAX_AGE_SECONDS, and on every call while the table shows a feature's writes held,
since the write switch is then about to move that feature's owner (the switch holds writes at
least that long, so a released write never meets a copy from before the hold). A feature the
control plane does not know is `legacy`. Without the URL (tests, a monolith on its own) the
stages come from `settings.STRANGLER_STAGES` (each overridable with `STRANGLER_STAGE_<FEATURE>`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from strangler_proxy.shared_secrets import load_secret
from strangler_proxy.stages import NEW_OWNS_WRITES, Stage, StageError, parse_stage

FEATURES = ("users", "products", "orders")
TABLE_PATH = "/_strangler/api/v1/routing-table/"
MAX_AGE_SECONDS = 0.5
TIMEOUT_SECONDS = 1.0
log = logging.getLogger("legacy_monolith.ports.stages")


class StagesUnavailable(RuntimeError):
    """The control plane has never answered, so no stage is known; the message says where."""


def feature_stage(feature: str) -> Stage:
    """The stage of `feature` (`users`, `products` or `orders`), at most a second old."""
    if feature not in FEATURES:
        raise ValueError(f"unknown feature {feature!r}; features: {', '.join(FEATURES)}")
    url = getattr(settings, "STRANGLER_CONTROL_PLANE_URL", "")
    if url:
        raw, where = control_plane_stages(url).stage_of(feature), f"the control plane at {url}"
    else:
        raw = settings.STRANGLER_STAGES.get(feature, Stage.LEGACY.value)
        where = f"STRANGLER_STAGES[{feature!r}] (env STRANGLER_STAGE_{feature.upper()})"
    try:
        return parse_stage(raw)
    except StageError as exc:
        raise ImproperlyConfigured(f"{where}: {exc}") from None


def service_owns(feature: str) -> bool:
    """True from `writes-new` on: the service owns the feature's writes, and the monolith reads
    it from the service too. Before that the monolith serves the feature from its own tables
    (in `shadow` and `canary` the proxy decides who answers a request; the monolith does not)."""
    return feature_stage(feature) in NEW_OWNS_WRITES


@dataclass(frozen=True)
class _Table:
    version: int
    etag: str
    stages: dict[str, str]
    holding: bool
    checked: float  # time.monotonic() of the last answer (200 or 304)


class ControlPlaneStages:
    """The stages of the control plane's route table, revalidated as the module docstring says.

    Safe to share between threads; after a fork the child opens its own connections.
    """

    def __init__(self, *, url: str, key: str, max_age: float = MAX_AGE_SECONDS) -> None:
        self.url = url.rstrip("/") + TABLE_PATH
        self._headers = {"Authorization": f"Proxy {key}", "Accept": "application/json"}
        self._max_age = max_age
        self._lock = threading.Lock()
        self._table: _Table | None = None
        self._retry_at = 0.0
        self._last_error = ""
        self._pid = os.getpid()
        self._session = requests.Session()

    def stage_of(self, feature: str) -> str:
        return self.table().stages.get(feature, Stage.LEGACY.value)

    def table(self) -> _Table:
        with self._lock:
            table, now = self._table, time.monotonic()
            stale = table is None or table.holding or now - table.checked >= self._max_age
            if stale and now >= self._retry_at:
                table = self._fetch(table)
            if table is None:
                raise StagesUnavailable(
                    f"the control plane's route table at {self.url} cannot be read "
                    f"({self._last_error}), so the monolith cannot tell which features the "
                    "services own; start the control plane (and check STRANGLER_CONTROL_KEY) "
                    "or unset STRANGLER_CONTROL_PLANE_URL"
                )
            return table

    def _fetch(self, known: _Table | None) -> _Table | None:
        if os.getpid() != self._pid:  # a forked worker never shares its parent's sockets
            self._pid, self._session = os.getpid(), requests.Session()
        headers = dict(self._headers)
        if known is not None:
            headers["If-None-Match"] = known.etag
        try:
            response = self._session.get(self.url, headers=headers, timeout=TIMEOUT_SECONDS)
            if response.status_code == 304 and known is not None:
                self._table = _Table(
                    known.version, known.etag, known.stages, known.holding, time.monotonic()
                )
            elif response.status_code == 200:
                self._table = _parsed(response.json(), response.headers.get("ETag", ""))
            else:
                raise ValueError(f"answered {response.status_code}: {response.text[:200]}")
        except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
            # Keep the last table (no stage can change while the control plane is down) and
            # try again after max_age rather than on every call.
            self._retry_at = time.monotonic() + self._max_age
            self._last_error = str(exc)
            log.warning("route table at %s not read, keeping the last one: %s", self.url, exc)
        return self._table


def _parsed(document: dict[str, Any], etag: str) -> _Table:
    features = document["features"]
    return _Table(
        version=int(document["version"]),
        etag=etag,
        stages={str(f["name"]): str(f["stage"]) for f in features},
        holding=any(bool(f.get("write_hold")) for f in features),
        checked=time.monotonic(),
    )


_sources: dict[str, ControlPlaneStages] = {}
_sources_lock = threading.Lock()


def control_plane_stages(url: str) -> ControlPlaneStages:
    """The process's one reader of the control plane at `url`."""
    with _sources_lock:
        if url not in _sources:
            _sources[url] = ControlPlaneStages(url=url, key=load_secret("control"))
        return _sources[url]
