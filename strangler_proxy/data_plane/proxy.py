"""The request handler: route, decide, forward, relay, shadow. One instance per worker."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Mapping
from http.cookies import SimpleCookie
from typing import Any

import aiohttp
from aiohttp import web
from multidict import CIMultiDict

from strangler_proxy.stages import IDEMPOTENT_METHODS, SAFE_METHODS
from strangler_proxy.tokens import (
    ANONYMOUS,
    OVERRIDE_COOKIE,
    OVERRIDE_HEADER,
    Identity,
    InvalidToken,
    verify_override_token,
)

from . import metrics
from .decision import Decision, decide, needs_user_key
from .headers import (
    child_traceparent,
    downstream_response_headers,
    request_id_from,
    upstream_request_headers,
)
from .identity import IdentityResolver, OwnerUnavailable, Refusal, Verdict, credential_of
from .request_safety import UnsafeTarget, check_target
from .resilience import BreakerOpen, ClientRateLimiter, UpstreamFailure
from .routing import EMPTY_TABLE, Match, Route, RouteTable
from .settings import ProxySettings
from .shadow.reporter import Reporter
from .shadow.runner import ShadowJob, ShadowRunner
from .translation import (
    ApiRequest,
    ApiResponse,
    HookNotAllowed,
    Normaliser,
    generic_normaliser,
    load_hook,
)
from .upstream import BodyTooLarge, Call, Upstreams, limited_stream
from .write_gate import WriteGate, WriteHoldRefused

log = logging.getLogger("strangler.proxy")
CONTROL_PREFIX = "/_strangler/"
BUFFER_LIMIT = 64 * 1024
STREAM_CHUNK = 64 * 1024
COHORT_COOKIE_AGE = 365 * 24 * 3600
NO_BODY_STATUSES = frozenset({204, 304})


class ProxyError(Exception):
    """An answer the proxy gives itself: status, a short code and a message saying what is wrong."""

    def __init__(self, status: int, code: str, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.status, self.code, self.retry_after = status, code, retry_after


class Exchange:
    """What one request has learned so far: for the response headers, metrics and access log."""

    __slots__ = (
        "backend",
        "cohort",
        "feature",
        "request_id",
        "route",
        "set_cookie",
        "side",
        "streaming",
    )

    def __init__(self, request_id: str) -> None:
        self.request_id = request_id
        self.backend = "proxy"
        self.route = "-"
        self.cohort = "-"
        self.feature = ""
        self.side = "legacy"
        self.set_cookie: tuple[str, str] | None = None
        self.streaming = False


EXCHANGE = web.RequestKey("strangler_exchange", Exchange)


class Proxy:
    def __init__(
        self,
        *,
        settings: ProxySettings,
        upstreams: Upstreams,
        resolver: IdentityResolver,
        limiter: ClientRateLimiter,
        write_gate: WriteGate,
        reporter: Reporter,
    ) -> None:
        self.settings = settings
        self.upstreams = upstreams
        self.resolver = resolver
        self.limiter = limiter
        self.write_gate = write_gate
        self.reporter = reporter
        self.shadow: ShadowRunner | None = None
        self.table: RouteTable = EMPTY_TABLE

    def apply_table(self, table: RouteTable) -> None:
        """Swap in a new table (one assignment: a request sees the old or the new one, whole)."""
        self.write_gate.apply(f.name for f in table.features.values() if f.write_hold)
        self.table = table

    # -- entry point ---------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        started = time.perf_counter()
        exchange = Exchange(request_id_from(request.headers))
        request[EXCHANGE] = exchange
        try:
            response = await self._route(request, exchange)
        except ProxyError as exc:
            response = _error_response(exc)
        except Exception:
            if exchange.streaming:
                # The answer had started: the client can only learn of the failure by the
                # connection closing on a truncated body, which raising makes aiohttp do.
                log.warning("stream of %s %s broke off", request.method, request.path)
                raise
            log.exception("unexpected proxy failure for %s %s", request.method, request.path)
            response = _error_response(ProxyError(502, "proxy_error", "the proxy failed"))
        if not response.prepared:
            self._decorate(response, exchange)
        status = response.status
        metrics.REQUESTS.labels(
            exchange.route, exchange.backend, exchange.cohort, metrics.status_class(status)
        ).inc()
        metrics.LATENCY.labels(exchange.route, exchange.backend).observe(
            time.perf_counter() - started
        )
        if exchange.feature:
            self.reporter.traffic(
                feature=exchange.feature, side=exchange.side, failed=status >= 500
            )
        return response

    def _decorate(self, response: web.StreamResponse, exchange: Exchange) -> None:
        response.headers["X-Request-Id"] = exchange.request_id
        response.headers["X-Strangler-Backend"] = exchange.backend
        if exchange.set_cookie is not None:
            name, value = exchange.set_cookie
            response.set_cookie(
                name, value, max_age=COHORT_COOKIE_AGE, httponly=True, samesite="Lax", path="/"
            )

    async def _route(self, request: web.Request, exchange: Exchange) -> web.StreamResponse:
        try:
            path = check_target(method=request.method, raw_target=request.raw_path)
        except UnsafeTarget as exc:
            status = 405 if request.method == "CONNECT" else 400
            raise ProxyError(status, "bad_request_target", str(exc)) from None
        length = request.content_length
        if length is not None and length > self.settings.max_body_bytes:
            raise ProxyError(
                413,
                "body_too_large",
                f"request bodies are limited to {self.settings.max_body_bytes} bytes",
            )
        if path == "/metrics":
            return await metrics.metrics_view(request)
        if path.startswith(CONTROL_PREFIX) and "control" in self.upstreams:
            exchange.backend = exchange.route = "control"
            return await self._pass_through(request, exchange, backend="control", timeout=30.0)

        credential = credential_of(request.headers, request.cookies, self.settings.session_cookie)
        retry_after = await self.limiter.retry_after(credential or request.remote or "-")
        if retry_after is not None:
            metrics.RATE_LIMITED.labels(exchange.route).inc()
            raise ProxyError(
                429, "rate_limited", "too many requests; slow down", retry_after=retry_after
            )

        match = self.table.match(request.method, path)
        if match is None:
            exchange.backend = "legacy"
            return await self._pass_through(request, exchange, backend="legacy", timeout=30.0)
        route = match.route
        exchange.route, exchange.feature = route.id, route.feature.name
        if request.method in SAFE_METHODS:
            return await self._read(request, exchange, match, credential)
        try:
            async with self.write_gate.admit(route.feature.name) as waited:
                if waited:
                    # The hold ended with a new table: route by it, never by the one we waited on.
                    match = self.table.match(request.method, path) or match
                return await self._write(request, exchange, match, credential)
        except WriteHoldRefused as exc:
            raise ProxyError(503, "write_held", str(exc), retry_after=1) from None

    # -- reads and writes ----------------------------------------------------------------------

    async def _read(
        self, request: web.Request, exchange: Exchange, match: Match, credential: str
    ) -> web.StreamResponse:
        feature = match.route.feature
        identity = ANONYMOUS
        user_key = None
        if needs_user_key(feature, request.method):
            identity = await self.resolver.resolve(credential)
            user_key = self._user_key(request, exchange, identity)
        decision = decide(
            feature=feature,
            method=request.method,
            user_key=user_key,
            override=self._override(request),
        )
        exchange.cohort = decision.cohort
        if decision.side == "legacy":
            exchange.backend = "legacy"
            return await self._legacy(request, exchange, match, shadow=decision.shadow)
        verdict = await self.resolver.verdict(credential)
        if verdict.refusal is not None:
            return self._refused(verdict.refusal, exchange, match)
        can_fall_back = decision.fallback and match.route.fallback
        try:
            return await self._new(
                request, exchange, match, verdict.identity, credential, can_fall_back=can_fall_back
            )
        except (ProxyError, BreakerOpen) as exc:
            if not can_fall_back:
                if isinstance(exc, BreakerOpen):
                    raise ProxyError(503, "backend_unavailable", str(exc), retry_after=1) from None
                raise
            metrics.FALLBACKS.labels(feature.backend).inc()
            exchange.backend, exchange.side = "legacy", "legacy"
            return await self._legacy(request, exchange, match, shadow=False)

    async def _write(
        self, request: web.Request, exchange: Exchange, match: Match, credential: str
    ) -> web.StreamResponse:
        decision: Decision = decide(
            feature=match.route.feature, method=request.method, user_key=None
        )
        exchange.cohort = decision.cohort
        if decision.side == "legacy":
            exchange.backend = "legacy"
            return await self._legacy(request, exchange, match, shadow=False)
        verdict = await self._write_verdict(request, exchange, credential)
        if verdict.refusal is not None:
            return self._refused(verdict.refusal, exchange, match)
        try:
            return await self._new(request, exchange, match, verdict.identity, credential)
        except BreakerOpen as exc:
            raise ProxyError(503, "backend_unavailable", str(exc), retry_after=1) from None

    async def _write_verdict(
        self, request: web.Request, exchange: Exchange, credential: str
    ) -> Verdict:
        """Who may write. A session caller's unsafe request is CSRF-checked by the identity
        owner as the monolith checks its own (a token caller needs no CSRF token): the
        service trusts the identity the proxy forwards, so this is the only check it gets."""
        if not credential.startswith("session:"):
            return await self.resolver.verdict(credential)
        try:
            return await self.resolver.check_unsafe_session(
                self._headers(request, exchange, to_service=False)
            )
        except OwnerUnavailable as exc:
            raise ProxyError(503, "identity_unavailable", str(exc), retry_after=1) from None

    def _refused(self, refusal: Refusal, exchange: Exchange, match: Match) -> web.Response:
        """The owner's refusal of the caller, as the monolith answers it on this route: its
        body and headers, with the route's own `Allow` (a translator's endpoint names it)."""
        exchange.backend = self.settings.identity_backend
        headers = downstream_response_headers(refusal.headers)
        for name in ("Allow", "Content-Length", "Content-Encoding"):
            headers.popall(name, None)
        allow = _endpoint_allow(match.route, self.settings.translator_modules)
        if allow:
            headers["Allow"] = allow
        return web.Response(status=refusal.status, headers=headers, body=refusal.body)

    def _user_key(self, request: web.Request, exchange: Exchange, identity: Identity) -> str:
        if not identity.anonymous:
            return f"user:{identity.user_id}"
        cookie = self.settings.cohort_cookie
        visitor = request.cookies.get(cookie, "")
        if not (16 <= len(visitor) <= 64 and visitor.isalnum()):
            visitor = uuid.uuid4().hex
            exchange.set_cookie = (cookie, visitor)
        return f"anon:{visitor}"

    def _override(self, request: web.Request) -> Mapping[str, str] | None:
        token = request.headers.get(OVERRIDE_HEADER) or request.cookies.get(OVERRIDE_COOKIE)
        if not token:
            return None
        try:
            return verify_override_token(token=token, secret=self.settings.override_secret)
        except InvalidToken:
            return None

    # -- legacy side ---------------------------------------------------------------------------

    async def _legacy(
        self, request: web.Request, exchange: Exchange, match: Match, *, shadow: bool
    ) -> web.StreamResponse:
        exchange.side = "legacy"
        headers = self._headers(request, exchange, to_service=False)
        call = await self._call(
            request, "legacy", request.raw_path, headers, match.route.timeout, match.route.retries
        )
        upstream = await self._send(call, exchange)
        if not shadow or self.shadow is None:
            return await self._relay(request, upstream, exchange)
        kept: list[bytes] = []
        response = await self._relay(request, upstream, exchange, keep=kept)
        if kept:
            self.shadow.submit(
                ShadowJob(
                    route=match.route,
                    params=match.params,
                    request=_api_request(request, headers),
                    legacy=ApiResponse(upstream.status, CIMultiDict(upstream.headers), kept[0]),
                )
            )
        return response

    async def _pass_through(
        self, request: web.Request, exchange: Exchange, *, backend: str, timeout: float
    ) -> web.StreamResponse:
        headers = self._headers(request, exchange, to_service=False)
        call = await self._call(request, backend, request.raw_path, headers, timeout, 1)
        return await self._relay(request, await self._send(call, exchange), exchange)

    # -- new side ------------------------------------------------------------------------------

    async def _new(
        self,
        request: web.Request,
        exchange: Exchange,
        match: Match,
        identity: Identity,
        credential: str,
        *,
        can_fall_back: bool = False,
    ) -> web.StreamResponse:
        route = match.route
        backend = route.feature.backend
        exchange.backend, exchange.side = backend, "new"
        headers = self._headers(request, exchange, to_service=True)
        _authorise(headers, self.resolver.authorization(identity))
        if route.translator:
            signed_in_by = "" if identity.anonymous else credential.partition(":")[0]
            return await self._translated(
                request, exchange, match, headers, can_fall_back, signed_in_by
            )
        path, query = _split(request.raw_path)
        target = route.new_target_path(match.params, path) + (f"?{query}" if query else "")
        call = await self._call(request, backend, target, headers, route.timeout, route.retries)
        upstream = await self._send(call, exchange, fail_on_5xx=can_fall_back)
        return await self._relay(request, upstream, exchange)

    async def _translated(
        self,
        request: web.Request,
        exchange: Exchange,
        match: Match,
        headers: CIMultiDict[str],
        can_fall_back: bool,
        signed_in_by: str,
    ) -> web.StreamResponse:
        route = match.route
        body = await request.read()
        legacy_request = ApiRequest(
            request.method, request.path, request.query_string, headers, body, signed_in_by
        )
        answer = await self.fetch_translated(
            route, legacy_request, match.params, exchange=exchange, fail_on_5xx=can_fall_back
        )
        response = web.Response(status=answer.status, body=answer.body)
        for name, value in downstream_response_headers(answer.headers).items():
            if name.lower() not in {"content-length", "content-encoding"}:
                response.headers.add(name, value)
        return response

    async def fetch_translated(
        self,
        route: Route,
        legacy_request: ApiRequest,
        params: Mapping[str, str],
        *,
        exchange: Exchange | None = None,
        fail_on_5xx: bool = False,
    ) -> ApiResponse:
        """The service's answer to a legacy API request, in legacy shape (buffered)."""
        backend = route.feature.backend
        try:
            translator = load_hook(route.translator or "", self.settings.translator_modules)
        except HookNotAllowed as exc:
            # A missing translator is a failure of the new side: reads fall back to legacy.
            raise ProxyError(502, "translator_unavailable", str(exc)) from None
        new_request = translator.to_new(legacy_request, params)
        call = Call(
            backend=backend,
            method=new_request.method,
            path=new_request.path
            + (f"?{new_request.query_string}" if new_request.query_string else ""),
            query_string="",
            headers=_with_length(new_request.headers, new_request.body),
            timeout=route.timeout,
            body=new_request.body or None,
            retries=route.retries if new_request.method in IDEMPOTENT_METHODS else 0,
        )
        upstream = await self._send(call, exchange, fail_on_5xx=fail_on_5xx)
        async with upstream:
            body = await upstream.read()
        answer = ApiResponse(upstream.status, CIMultiDict(upstream.headers), body)
        return translator.to_legacy(answer, legacy_request)

    async def shadow_fetch_new(
        self, route: Route, legacy_request: ApiRequest, params: Mapping[str, str]
    ) -> ApiResponse:
        """The service's answer to a shadowed read, in legacy shape when the route translates."""
        credential = credential_of(
            legacy_request.headers, _cookies(legacy_request.headers), self.settings.session_cookie
        )
        identity = await self.resolver.resolve(credential)
        backend = route.feature.backend
        headers = CIMultiDict(
            (k, v)
            for k, v in legacy_request.headers.items()
            if k.lower() not in {"cookie", "authorization"}
        )
        _authorise(headers, self.resolver.authorization(identity))
        request = ApiRequest(
            legacy_request.method, legacy_request.path, legacy_request.query_string, headers, b""
        )
        if route.translator:
            return await self.fetch_translated(route, request, params)
        path = route.new_target_path(params, legacy_request.path)
        return await self._fetch(backend, route, request, path)

    async def shadow_fetch_legacy(
        self, route: Route, legacy_request: ApiRequest, params: Mapping[str, str]
    ) -> ApiResponse:
        """Legacy's answer again: what differs between two legacy answers is noise."""
        return await self._fetch("legacy", route, legacy_request, legacy_request.path)

    async def _fetch(
        self, backend: str, route: Route, request: ApiRequest, path: str
    ) -> ApiResponse:
        call = Call(
            backend=backend,
            method=request.method,
            path=path,
            query_string=request.query_string,
            headers=request.headers,
            timeout=route.timeout,
        )
        upstream = await self._send(call, None)
        async with upstream:
            return ApiResponse(
                upstream.status, CIMultiDict(upstream.headers), await upstream.read()
            )

    # -- plumbing ------------------------------------------------------------------------------

    def _headers(
        self, request: web.Request, exchange: Exchange, *, to_service: bool
    ) -> CIMultiDict[str]:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        return upstream_request_headers(
            request.headers,
            client_ip=peer[0] if peer else (request.remote or ""),
            scheme=request.scheme,
            host=request.host,
            request_id=exchange.request_id,
            traceparent=child_traceparent(request.headers),
            to_service=to_service,
        )

    async def _call(
        self,
        request: web.Request,
        backend: str,
        target: str,
        headers: CIMultiDict[str],
        timeout: float,
        retries: int,
    ) -> Call:
        path, query = _split(target)
        body: Any = None
        if request.body_exists:
            length = request.content_length
            if (
                request.method in IDEMPOTENT_METHODS
                and length is not None
                and length <= self.settings.retry_body_bytes
            ):
                body = await request.read()
            else:
                body = limited_stream(request.content, self.settings.max_body_bytes)
        return Call(
            backend=backend,
            method=request.method,
            path=path,
            query_string=query,
            headers=headers,
            timeout=timeout,
            body=body,
            retries=retries if request.method in IDEMPOTENT_METHODS else 0,
        )

    async def _send(
        self, call: Call, exchange: Exchange | None, *, fail_on_5xx: bool = False
    ) -> aiohttp.ClientResponse:
        """The backend's response; a 5xx is passed on, or raised when the caller can fall back."""
        label = exchange.route if exchange else call.backend
        cohort = exchange.cohort if exchange else "shadow"
        try:
            return await self.upstreams.send(call)
        except BreakerOpen:
            metrics.ERRORS.labels(label, call.backend, cohort, "breaker_open").inc()
            raise
        except UpstreamFailure as exc:
            metrics.ERRORS.labels(label, call.backend, cohort, "status_5xx").inc()
            failed: aiohttp.ClientResponse = exc.args[0]
            if not fail_on_5xx:
                return failed
            failed.release()
            raise ProxyError(
                502, "backend_error", f"{call.backend} answered {failed.status}"
            ) from None
        except BodyTooLarge as exc:
            raise ProxyError(413, "body_too_large", str(exc)) from None
        except TimeoutError:
            metrics.ERRORS.labels(label, call.backend, cohort, "timeout").inc()
            raise ProxyError(
                504, "backend_timeout", f"{call.backend} did not answer in time"
            ) from None
        except aiohttp.ClientError as exc:
            if isinstance(exc.__cause__, BodyTooLarge) or isinstance(exc.__context__, BodyTooLarge):
                raise ProxyError(
                    413, "body_too_large", str(exc.__cause__ or exc.__context__)
                ) from None
            metrics.ERRORS.labels(label, call.backend, cohort, "connection").inc()
            raise ProxyError(
                502, "backend_unreachable", f"{call.backend} could not be reached"
            ) from None

    async def _relay(
        self,
        request: web.Request,
        upstream: aiohttp.ClientResponse,
        exchange: Exchange,
        keep: list[bytes] | None = None,
    ) -> web.StreamResponse:
        """Send the backend's answer on; small bodies in one write, large ones streamed."""
        headers = downstream_response_headers(upstream.headers)
        length = upstream.content_length
        bodiless = request.method == "HEAD" or upstream.status in NO_BODY_STATUSES
        if not bodiless and length is not None and length <= BUFFER_LIMIT:
            async with upstream:
                body = await upstream.read()
            if keep is not None:
                keep.append(body)
            headers.popall("Content-Length", None)
            buffered = web.Response(status=upstream.status, reason=upstream.reason, headers=headers)
            buffered.body = body
            return buffered
        response = web.StreamResponse(
            status=upstream.status, reason=upstream.reason, headers=headers
        )
        self._decorate(response, exchange)
        async with upstream:
            await response.prepare(request)
            exchange.streaming = True
            if not bodiless:
                copy = bytearray() if keep is not None else None
                limit = self.settings.shadow_max_body_bytes
                async for chunk in upstream.content.iter_chunked(STREAM_CHUNK):
                    await response.write(chunk)
                    if copy is not None:
                        copy += chunk
                        if len(copy) > limit:
                            copy = None
                if copy is not None and keep is not None:
                    keep.append(bytes(copy))
            await response.write_eof()
        return response


def _split(target: str) -> tuple[str, str]:
    path, _, query = target.partition("?")
    return path, query


def _with_length(headers: CIMultiDict[str], body: bytes) -> CIMultiDict[str]:
    out = CIMultiDict(headers)
    out.popall("Content-Length", None)
    if body:
        out["Content-Length"] = str(len(body))
    return out


def _authorise(headers: CIMultiDict[str], authorization: str | None) -> None:
    if authorization is not None:
        headers["Authorization"] = authorization


def _cookies(headers: CIMultiDict[str]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for value in headers.getall("Cookie", ()):
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def _api_request(request: web.Request, headers: CIMultiDict[str]) -> ApiRequest:
    path, _ = _split(request.raw_path)
    return ApiRequest(request.method, path, request.query_string, CIMultiDict(headers), b"")


def _error_response(exc: ProxyError) -> web.Response:
    response = web.Response(
        status=exc.status,
        body=json.dumps({"error": exc.code, "detail": str(exc)}).encode(),
        content_type="application/json",
    )
    if exc.retry_after is not None:
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _endpoint_allow(route: Route, allowed: tuple[str, ...]) -> str:
    """The methods the route's legacy endpoint names in `Allow` ("" when unknown)."""
    if not route.translator:
        return ""
    try:
        endpoint = getattr(load_hook(route.translator, allowed), "endpoint", None)
    except HookNotAllowed:
        return ""
    return str(getattr(endpoint, "allow", ""))


def normaliser_for(route: Route, allowed: tuple[str, ...]) -> Normaliser:
    if route.feature.normaliser:
        return load_hook(route.feature.normaliser, allowed)
    return generic_normaliser
