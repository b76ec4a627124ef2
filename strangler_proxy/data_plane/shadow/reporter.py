"""Counters the workers send to the control plane every second: traffic split and shadow results."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from yarl import URL

log = logging.getLogger("strangler.reporter")
REPORT_PATH = "/_strangler/api/v1/reports/"
MAX_SAMPLE_CHARS = 500


@dataclass
class _ShadowTally:
    samples: int = 0
    mismatched: int = 0
    dropped: int = 0
    errors: int = 0
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)


class Reporter:
    def __init__(self) -> None:
        self._traffic: dict[tuple[str, str], list[int]] = {}
        self._shadow: dict[tuple[str, str], _ShadowTally] = {}

    def traffic(self, *, feature: str, side: str, failed: bool) -> None:
        counts = self._traffic.setdefault((feature, side), [0, 0])
        counts[0] += 1
        counts[1] += int(failed)

    def shadow_dropped(self, *, feature: str, route: str) -> None:
        self._tally(feature, route).dropped += 1

    def shadow_error(self, *, feature: str, route: str) -> None:
        self._tally(feature, route).errors += 1

    def shadow_result(
        self, *, feature: str, route: str, path: str, diffs: dict[str, tuple[Any, Any]]
    ) -> None:
        tally = self._tally(feature, route)
        tally.samples += 1
        if not diffs:
            return
        tally.mismatched += 1
        for name, (legacy, new) in diffs.items():
            entry = tally.fields.setdefault(name, {"count": 0})
            entry["count"] += 1
            entry["sample"] = {"path": path, "legacy": _clip(legacy), "new": _clip(new)}

    def _tally(self, feature: str, route: str) -> _ShadowTally:
        return self._shadow.setdefault((feature, route), _ShadowTally())

    def take(self) -> dict[str, Any] | None:
        """The report since the last call (and reset), or None when there is nothing to say."""
        if not self._traffic and not self._shadow:
            return None
        report = {
            "traffic": [
                {"feature": f, "side": s, "requests": c[0], "errors": c[1]}
                for (f, s), c in self._traffic.items()
            ],
            "shadow": [
                {
                    "feature": f,
                    "route": r,
                    "samples": t.samples,
                    "mismatched": t.mismatched,
                    "dropped": t.dropped,
                    "errors": t.errors,
                    "fields": [{"field": name, **entry} for name, entry in t.fields.items()],
                }
                for (f, r), t in self._shadow.items()
            ],
        }
        self._traffic, self._shadow = {}, {}
        return report

    async def run(self, *, control_plane: URL, control_key: str, interval: float) -> None:
        url = control_plane.with_path(REPORT_PATH)
        headers = {"Authorization": f"Proxy {control_key}"}
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
            while True:
                await asyncio.sleep(interval)
                report = self.take()
                if report is None:
                    continue
                try:
                    async with session.post(url, json=report, headers=headers) as response:
                        if response.status >= 300:
                            log.warning("control plane refused a report: %s", response.status)
                except (aiohttp.ClientError, TimeoutError) as exc:
                    # Counters are best effort: a lost second of them is not worth a backlog.
                    log.warning("could not send a report to the control plane: %s", exc)


def _clip(value: Any) -> Any:
    text = repr(value) if not isinstance(value, str | int | float | bool | None) else value
    if isinstance(text, str) and len(text) > MAX_SAMPLE_CHARS:
        return text[:MAX_SAMPLE_CHARS] + "…"
    return text
