"""Composition root of the data plane: builds the proxy for one worker and runs it.

`python -m strangler_proxy.data_plane` serves one process; under gunicorn each worker calls
`gunicorn_app` after the fork, so pools, pollers and queues are never shared across processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator

from aiohttp import web

from .access_log import JsonAccessLogger
from .identity import IdentityResolver
from .proxy import Proxy, normaliser_for
from .resilience import ClientRateLimiter
from .settings import ProxySettings
from .shadow.compare import NoiseModel
from .shadow.reporter import Reporter
from .shadow.runner import ShadowRunner
from .table_source import TableSource, load_table_file
from .upstream import Upstreams
from .write_gate import WriteGate

PROXY_KEY = web.AppKey("proxy", Proxy)
ACCESS_LOG = logging.getLogger("strangler.access")


def create_app(settings: ProxySettings | None = None) -> web.Application:
    settings = settings or ProxySettings.from_env()
    # A middleware rather than a route: it also sees requests no route could match (CONNECT,
    # absolute-form targets), so those get the proxy's own refusal and headers too.
    app = web.Application(client_max_size=settings.max_body_bytes, middlewares=[_handle])
    app.cleanup_ctx.append(_lifecycle(settings))
    return app


@web.middleware
async def _handle(request: web.Request, handler: object) -> web.StreamResponse:
    return await request.app[PROXY_KEY].handle(request)


def _lifecycle(settings: ProxySettings):
    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        upstreams = Upstreams(
            backends=settings.backends,
            pool_limit=settings.pool_limit,
            connect_timeout=settings.connect_timeout,
            breaker_threshold=settings.breaker_threshold,
            breaker_ttl=settings.breaker_ttl,
            retry_budget_ratio=settings.retry_budget_ratio,
            retry_budget_min_per_second=settings.retry_budget_min_per_second,
        )
        reporter = Reporter()
        proxy = Proxy(
            settings=settings,
            upstreams=upstreams,
            resolver=IdentityResolver(
                session=upstreams.session(settings.identity_backend),
                whoami_url=upstreams.url(settings.identity_backend, settings.whoami_path, ""),
                session_cookie=settings.session_cookie,
                cache_seconds=settings.identity_cache_seconds,
                secret=settings.identity_secret,
            ),
            limiter=ClientRateLimiter(
                limit=settings.rate_limit, storage_uri=settings.rate_limit_storage
            ),
            write_gate=WriteGate(
                max_queued=settings.write_hold_max_queued, max_wait=settings.write_hold_max_wait
            ),
            reporter=reporter,
        )
        proxy.shadow = ShadowRunner(
            queue_size=settings.shadow_queue_size,
            workers=settings.shadow_workers,
            timeout=settings.shadow_timeout,
            noise_check_ratio=settings.noise_check_ratio,
            noise=NoiseModel(learning_samples=settings.noise_learning_samples),
            reporter=reporter,
            fetch_new=proxy.shadow_fetch_new,
            fetch_legacy=proxy.shadow_fetch_legacy,
            normaliser_for=lambda route: normaliser_for(route, settings.translator_modules),
        )
        if settings.routes_file:
            proxy.apply_table(load_table_file(settings.routes_file))
        app[PROXY_KEY] = proxy
        tasks: list[asyncio.Task[None]] = []
        source = None
        if settings.control_plane_url is not None:
            source = TableSource(
                control_plane=settings.control_plane_url,
                control_key=settings.control_key,
                interval=settings.poll_interval,
                apply=proxy.apply_table,
                idle_features=proxy.write_gate.idle_held_features,
                holding=proxy.write_gate.holding,
            )
            with contextlib.suppress(Exception):
                # Start on the current table when the control plane answers; keep polling if not.
                async with asyncio.timeout(2):
                    await source.poll_once()
            tasks.append(asyncio.create_task(source.run()))
            tasks.append(
                asyncio.create_task(
                    reporter.run(
                        control_plane=settings.control_plane_url,
                        control_key=settings.control_key,
                        interval=settings.report_interval,
                    )
                )
            )
        proxy.shadow.start()
        yield
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await proxy.shadow.stop()
        if source is not None:
            await source.close()
        await upstreams.close()

    return lifecycle


def configure_logging() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), format="%(message)s")


async def gunicorn_app() -> web.AppRunner:
    """Gunicorn entry point (aiohttp.GunicornUVLoopWebWorker): one runner per worker."""
    configure_logging()
    settings = ProxySettings.from_env()
    return web.AppRunner(
        create_app(settings),
        access_log=ACCESS_LOG if settings.access_log else None,
        access_log_class=JsonAccessLogger,
        shutdown_timeout=float(os.environ.get("STRANGLER_SHUTDOWN_TIMEOUT", "25")),
    )


def main() -> None:
    import uvloop

    configure_logging()
    settings = ProxySettings.from_env()
    web.run_app(
        create_app(settings),
        host=os.environ.get("STRANGLER_HOST", "127.0.0.1"),
        port=int(os.environ.get("STRANGLER_PORT", "8000")),
        access_log=ACCESS_LOG if settings.access_log else None,
        access_log_class=JsonAccessLogger,
        shutdown_timeout=float(os.environ.get("STRANGLER_SHUTDOWN_TIMEOUT", "25")),
        loop=uvloop.new_event_loop(),
        print=None,
    )
