"""The shadow queue and its workers: bounded, off the response path, comparing through the ACL."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import metrics
from ..routing import Route
from ..translation import ApiRequest, ApiResponse, Normaliser
from .compare import NoiseModel, differing_fields, parse_body
from .reporter import Reporter

log = logging.getLogger("strangler.shadow")
STATUS_FIELD = "<status>"
# Shadow work waits this long after the primary answer: by then the next primary request is
# usually waiting on its backend, so the comparison uses idle loop time instead of delaying it.
DEFER_SECONDS = 0.002

# (route, request) -> the answer seen through the ACL, in legacy shape; raises on failure.
Fetch = Callable[[Route, ApiRequest, Mapping[str, str]], Awaitable[ApiResponse]]


@dataclass(frozen=True)
class ShadowJob:
    route: Route
    params: Mapping[str, str]
    request: ApiRequest
    legacy: ApiResponse


class ShadowRunner:
    def __init__(
        self,
        *,
        queue_size: int,
        workers: int,
        timeout: float,
        noise_check_ratio: float,
        noise: NoiseModel,
        reporter: Reporter,
        fetch_new: Fetch,
        fetch_legacy: Fetch,
        normaliser_for: Callable[[Route], Normaliser],
    ) -> None:
        self._queue: asyncio.Queue[ShadowJob] = asyncio.Queue(maxsize=queue_size)
        self._workers = workers
        self._timeout = timeout
        self._noise_check_ratio = noise_check_ratio
        self.noise = noise
        self._reporter = reporter
        self._fetch_new = fetch_new
        self._fetch_legacy = fetch_legacy
        self._normaliser_for = normaliser_for
        self._tasks: list[asyncio.Task[None]] = []

    def submit(self, job: ShadowJob) -> bool:
        """Queue a comparison; when the queue is full the job is dropped and counted."""
        feature = job.route.feature.name
        try:
            self._queue.put_nowait(job)
            return True
        except asyncio.QueueFull:
            metrics.SHADOW.labels(feature, "dropped").inc()
            self._reporter.shadow_dropped(feature=feature, route=job.route.id)
            return False

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._work()) for _ in range(self._workers)]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _work(self) -> None:
        while True:
            job = await self._queue.get()
            await asyncio.sleep(DEFER_SECONDS)
            try:
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation.
                async with asyncio.timeout(self._timeout):
                    await self.compare(job)
            except Exception as exc:  # a shadow failure must never stop the worker
                feature = job.route.feature.name
                metrics.SHADOW.labels(feature, "error").inc()
                self._reporter.shadow_error(feature=feature, route=job.route.id)
                log.info("shadow call for %s failed: %r", job.request.path, exc)
            finally:
                self._queue.task_done()

    async def compare(self, job: ShadowJob) -> dict[str, tuple[Any, Any]]:
        route = job.route
        normalise = self._normaliser_for(route)
        check_noise = self.noise.learning(route.id) or random.random() < self._noise_check_ratio
        calls = [self._fetch_new(route, job.request, job.params)]
        if check_noise:
            calls.append(self._fetch_legacy(route, job.request, job.params))
        answers = await asyncio.gather(*calls)
        if check_noise:
            self.noise.observe(route.id, _diff(job.legacy, answers[1], normalise))
        diffs = self.noise.filter(
            route.id, _diff(job.legacy, answers[0], normalise), route.feature.noise_fields
        )
        feature = route.feature.name
        metrics.SHADOW.labels(feature, "mismatch" if diffs else "match").inc()
        if diffs:
            metrics.SHADOW_MISMATCH_FIELDS.labels(feature).inc(len(diffs))
        self._reporter.shadow_result(
            feature=feature, route=route.id, path=job.request.path, diffs=diffs
        )
        return diffs


def _diff(
    legacy: ApiResponse, other: ApiResponse, normalise: Normaliser
) -> dict[str, tuple[Any, Any]]:
    diffs = differing_fields(parse_body(legacy.body, normalise), parse_body(other.body, normalise))
    if legacy.status != other.status:
        diffs[STATUS_FIELD] = (legacy.status, other.status)
    return diffs
