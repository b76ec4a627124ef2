"""JSON access log lines, one per response, carrying the routing decision and request id."""

from __future__ import annotations

import json
import logging
import time

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

from .proxy import EXCHANGE


class JsonAccessLogger(AbstractAccessLogger):
    def log(self, request: BaseRequest, response: StreamResponse, time_taken: float) -> None:
        exchange = request.get(EXCHANGE)
        line = {
            "ts": round(time.time(), 3),
            "request_id": response.headers.get("X-Request-Id", ""),
            "method": request.method,
            "path": request.path,
            "status": response.status,
            "duration_ms": round(time_taken * 1000, 3),
            "bytes": response.body_length,
            "backend": response.headers.get("X-Strangler-Backend", ""),
            "route": getattr(exchange, "route", "-"),
            "cohort": getattr(exchange, "cohort", "-"),
            "client": request.remote,
        }
        self.logger.info(json.dumps(line, separators=(",", ":")))

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)
