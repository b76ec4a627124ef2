"""Prometheus metrics of the data plane; multi-process when PROMETHEUS_MULTIPROC_DIR is set."""

from __future__ import annotations

import os

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess

REQUESTS = Counter(
    "strangler_requests_total",
    "Requests answered by the proxy",
    ["route", "backend", "cohort", "status_class"],
)
LATENCY = Histogram(
    "strangler_request_duration_seconds",
    "Time from request to last response byte",
    ["route", "backend"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter(
    "strangler_upstream_errors_total",
    "Failed upstream calls (connection errors, timeouts, 5xx answers)",
    ["route", "backend", "cohort", "kind"],
)
FALLBACKS = Counter(
    "strangler_fallbacks_total", "Reads served by legacy because the service failed", ["backend"]
)
RETRIES = Counter("strangler_retries_total", "Upstream retries", ["backend"])
RATE_LIMITED = Counter("strangler_rate_limited_total", "Requests refused with 429", ["route"])
BREAKER_STATE = Gauge(
    "strangler_breaker_state",
    "Circuit breaker state per backend (0 closed, 1 half-open, 2 open), worst over workers",
    ["backend"],
    multiprocess_mode="max",
)
SHADOW = Counter(
    "strangler_shadow_total",
    "Shadow comparisons by outcome (match, mismatch, error, dropped)",
    ["feature", "outcome"],
)
SHADOW_MISMATCH_FIELDS = Counter(
    "strangler_shadow_mismatch_fields_total", "Mismatched fields seen in shadow", ["feature"]
)
TABLE_VERSION = Gauge(
    "strangler_route_table_version",
    "Route table version each worker is serving",
    multiprocess_mode="liveall",
)
WRITES_HELD = Gauge(
    "strangler_writes_held",
    "Writes currently held by a write-ownership switch",
    ["feature"],
    multiprocess_mode="livesum",
)


def status_class(status: int) -> str:
    return f"{status // 100}xx"


async def metrics_view(request: web.Request) -> web.Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    response = web.Response(body=generate_latest(registry))
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    return response
