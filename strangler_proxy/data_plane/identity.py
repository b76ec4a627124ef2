"""Who is calling: resolved once per credential with the identity owner, cached briefly.

Services receive the caller as `Authorization: Bearer <token>` in their own token format
(short-lived JWT, see extracted_services.service_defaults.identity); anonymous callers are
forwarded without one, so a service sees them as anonymous.

The credential is the monolith's session cookie or an `Authorization: Token ...` header. The owner
answers GET /api/whoami/ with {"user_id", "username", "is_staff"} or 401. Concurrent requests with
the same credential share one lookup; answers are cached for a few seconds (anonymous for less).

A token the owner refuses is not anonymous: its refusal (401 `authentication_failed`, as the
monolith words it) is kept and answered instead of serving the request. An unsafe request
authenticated by session is judged by the owner's POST /api/whoami/, which the monolith
CSRF-checks exactly as it checks its own unsafe requests; it is never cached.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import aiohttp
from multidict import CIMultiDict
from yarl import URL

from extracted_services.service_defaults import identity as service_identity
from strangler_proxy.tokens import ANONYMOUS, Identity

log = logging.getLogger("strangler.identity")
MAX_CACHED = 10_000
NEGATIVE_CACHE_SECONDS = 1.0
TOKEN_REUSE_SECONDS = 30.0
TOKEN_ISSUER = "strangler-proxy"
# What the owner's CSRF check needs to judge the request as the monolith would judge it.
CSRF_HEADERS = (
    "Accept",
    "Cookie",
    "Origin",
    "Referer",
    "X-CSRFToken",
    "X-Forwarded-For",
    "X-Forwarded-Host",
    "X-Forwarded-Proto",
)
# Owner answers passed on as they are: what the monolith itself answers the refused request.
REFUSAL_STATUSES = frozenset({401, 403})


class OwnerUnavailable(Exception):
    """The identity owner could not judge an unsafe request: it must not go ahead."""


@dataclass(frozen=True)
class Refusal:
    """The owner's answer refusing the caller (a bad token, a missing CSRF token)."""

    status: int
    headers: CIMultiDict[str]
    body: bytes


@dataclass(frozen=True)
class Verdict:
    identity: Identity
    refusal: Refusal | None = None


def credential_of(headers: Mapping[str, str], cookies: Mapping[str, str], cookie: str) -> str:
    """The caller's credential as one string ("" when anonymous); used as cache and rate key."""
    authorization = headers.get("Authorization", "")
    scheme, _, key = authorization.strip().partition(" ")
    if scheme.lower() == "token":
        # A bare "Token" is a credential too: the monolith refuses it rather than ignoring it.
        return "token:" + key.strip()
    session = cookies.get(cookie)
    return f"session:{session}" if session else ""


class IdentityResolver:
    def __init__(
        self,
        *,
        session: aiohttp.ClientSession,
        whoami_url: URL,
        session_cookie: str,
        cache_seconds: float,
        secret: str,
    ) -> None:
        self._session = session
        self._whoami_url = whoami_url
        self._cookie = session_cookie
        self._ttl = cache_seconds
        self._secret = secret
        self._cache: OrderedDict[str, tuple[float, Verdict]] = OrderedDict()
        self._inflight: dict[str, asyncio.Future[Verdict]] = {}
        self._tokens: dict[Identity, tuple[float, str]] = {}

    async def resolve(self, credential: str) -> Identity:
        return (await self.verdict(credential)).identity

    async def verdict(self, credential: str) -> Verdict:
        """Who the credential names, or the owner's refusal of it (a bad or revoked token)."""
        if not credential:
            return Verdict(ANONYMOUS)
        key = hashlib.sha256(credential.encode()).hexdigest()
        cached = self._cache.get(key)
        now = time.monotonic()
        if cached is not None and cached[0] > now:
            return cached[1]
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Verdict] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            verdict = await self._ask_owner(credential)
            anonymous = verdict.identity.anonymous
            ttl = self._ttl if not anonymous else min(self._ttl, NEGATIVE_CACHE_SECONDS)
            self._remember(key, verdict, time.monotonic() + ttl)
            future.set_result(verdict)
            return verdict
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: waiters re-raise it, nobody else needs to
            raise
        finally:
            del self._inflight[key]

    def authorization(self, identity: Identity) -> str | None:
        """`Bearer <token>` naming the caller (reused while it has time left); None if anonymous."""
        if identity.anonymous:
            return None
        now = time.time()
        cached = self._tokens.get(identity)
        if cached is not None and cached[0] > now:
            return cached[1]
        token = service_identity.issue_token(
            service_identity.Identity(
                kind="user",
                subject=str(identity.user_id),
                username=identity.username,
                is_staff=identity.is_staff,
            ),
            issuer=TOKEN_ISSUER,
            secret=self._secret,
        )
        if len(self._tokens) > MAX_CACHED:
            self._tokens.clear()
        self._tokens[identity] = (now + TOKEN_REUSE_SECONDS, f"Bearer {token}")
        return self._tokens[identity][1]

    async def check_unsafe_session(self, headers: Mapping[str, str]) -> Verdict:
        """The owner's judgement of an unsafe request authenticated by session: its CSRF check
        (token, Origin, Referer against the host the client used), then who the session names.

        `headers` are the ones the request would carry to legacy. Raises `OwnerUnavailable` when
        the owner cannot be asked: the write must not go ahead unchecked.
        """
        sent: CIMultiDict[str] = CIMultiDict(
            (name, value) for name, value in headers.items() if name in CSRF_HEADERS
        )
        sent.setdefault("Accept", "application/json")
        try:
            async with self._session.post(
                self._whoami_url, headers=sent, timeout=aiohttp.ClientTimeout(total=2)
            ) as response:
                # 403: the CSRF check failed. A 401 is a session the owner does not know:
                # anonymous, as in the monolith.
                return await self._verdict_of(response, refused=frozenset({403}))
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("identity owner unavailable for a CSRF check: %s", exc)
            raise OwnerUnavailable("the identity owner could not check the request") from None

    async def _ask_owner(self, credential: str) -> Verdict:
        headers: CIMultiDict[str] = CIMultiDict({"Accept": "application/json"})
        kind, _, value = credential.partition(":")
        if kind == "token":
            headers["Authorization"] = f"Token {value}"
        else:
            headers["Cookie"] = f"{self._cookie}={value}"
        try:
            async with self._session.get(
                self._whoami_url, headers=headers, timeout=aiohttp.ClientTimeout(total=2)
            ) as response:
                # A session the owner does not know is anonymous (as in the monolith); a token
                # it does not know is refused.
                refused = REFUSAL_STATUSES if kind == "token" else frozenset()
                return await self._verdict_of(response, refused=refused)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            # The owner is down or confused: treat the caller as anonymous, never as someone else.
            log.warning("identity owner unavailable: %s", exc)
            return Verdict(ANONYMOUS)

    async def _verdict_of(
        self, response: aiohttp.ClientResponse, *, refused: frozenset[int]
    ) -> Verdict:
        if response.status in refused:
            body = await response.read()
            return Verdict(ANONYMOUS, Refusal(response.status, CIMultiDict(response.headers), body))
        if response.status != 200:
            if response.status >= 500:
                raise aiohttp.ClientResponseError(response.request_info, (), status=response.status)
            return Verdict(ANONYMOUS)
        body = await response.json(content_type=None)
        try:
            return Verdict(
                Identity(
                    user_id=int(body["user_id"]),
                    username=str(body.get("username", "")),
                    is_staff=bool(body.get("is_staff", False)),
                )
            )
        except (KeyError, TypeError, ValueError):
            log.warning("identity owner sent an unexpected body: %r", body)
            return Verdict(ANONYMOUS)

    def _remember(self, key: str, verdict: Verdict, expires: float) -> None:
        self._cache[key] = (expires, verdict)
        self._cache.move_to_end(key)
        while len(self._cache) > MAX_CACHED:
            self._cache.popitem(last=False)
