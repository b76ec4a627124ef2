"""Keeping each worker's route table current: poll the control plane, swap the table atomically.

Every worker polls on its own after it has started (so nothing crosses a fork), sending the version
it serves and the held features it has drained; the control plane answers 304 while nothing
changed, so a poll costs one small request. A failed poll keeps the last good table.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import uuid
from collections.abc import Callable
from pathlib import Path

import aiohttp
from yarl import URL

from . import metrics
from .routing import RouteTable, RouteTableError, build_table

log = logging.getLogger("strangler.table")
TABLE_PATH = "/_strangler/api/v1/routing-table/"
FAST_POLL_SECONDS = 0.02


def load_table_file(path: str) -> RouteTable:
    return build_table(json.loads(Path(path).read_text()))


class TableSource:
    def __init__(
        self,
        *,
        control_plane: URL,
        control_key: str,
        interval: float,
        apply: Callable[[RouteTable], None],
        idle_features: Callable[[], list[str]],
        holding: Callable[[], bool] = lambda: False,
    ) -> None:
        self._url = control_plane.with_path(TABLE_PATH)
        self._headers = {"Authorization": f"Proxy {control_key}", "Accept": "application/json"}
        self._interval = interval
        self._apply = apply
        self._idle_features = idle_features
        self._holding = holding
        self.worker_id = f"{os.uname().nodename}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._etag = ""
        self.version = 0
        self._session: aiohttp.ClientSession | None = None

    async def poll_once(self) -> bool:
        """Fetch the table if it changed; True when a new table was applied."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2))
        headers = dict(self._headers)
        if self._etag:
            headers["If-None-Match"] = self._etag
        params = {
            "worker": self.worker_id,
            "applied": str(self.version),
            "idle": ",".join(self._idle_features()),
        }
        async with self._session.get(self._url, headers=headers, params=params) as response:
            if response.status == 304:
                return False
            if response.status != 200:
                raise RuntimeError(f"control plane answered {response.status}")
            table = build_table(await response.json())
            self._etag = response.headers.get("ETag", "")
        self._apply(table)
        self.version = table.version
        metrics.TABLE_VERSION.set(table.version)
        return True

    async def run(self) -> None:
        failures = 0
        while True:
            changed = False
            try:
                changed = await self.poll_once()
                failures = 0
            except (aiohttp.ClientError, TimeoutError, RuntimeError, RouteTableError) as exc:
                failures += 1
                # Log the first failure and then every ~30 s, not four lines a second.
                if failures == 1 or failures % 100 == 0:
                    log.warning("route table poll failed (%d in a row): %s", failures, exc)
            # While writes are held, every poll shortens the switch: report drained holds fast.
            fast = changed or self._holding()
            await asyncio.sleep(FAST_POLL_SECONDS if fast else self._interval)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
