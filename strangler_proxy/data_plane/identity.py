"""Who is calling: resolved once per credential with the identity owner, cached briefly.

Services receive the caller as `Authorization: Bearer <token>` in their own token format
(short-lived JWT, see extracted_services.service_defaults.identity); anonymous callers are
forwarded without one, so a service sees them as anonymous.

The credential is the monolith's session cookie or an `Authorization: Token ...` header. The owner
answers GET /api/whoami/ with {"user_id", "username", "is_staff"} or 401. Concurrent requests with
the same credential share one lookup; answers are cached for a few seconds (anonymous for less).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Mapping

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


def credential_of(headers: Mapping[str, str], cookies: Mapping[str, str], cookie: str) -> str:
    """The caller's credential as one string ("" when anonymous); used as cache and rate key."""
    authorization = headers.get("Authorization", "")
    if authorization[:6].lower() == "token ":
        return "token:" + authorization[6:].strip()
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
        self._cache: OrderedDict[str, tuple[float, Identity]] = OrderedDict()
        self._inflight: dict[str, asyncio.Future[Identity]] = {}
        self._tokens: dict[Identity, tuple[float, str]] = {}

    async def resolve(self, credential: str) -> Identity:
        if not credential:
            return ANONYMOUS
        key = hashlib.sha256(credential.encode()).hexdigest()
        cached = self._cache.get(key)
        now = time.monotonic()
        if cached is not None and cached[0] > now:
            return cached[1]
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Identity] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            identity = await self._ask_owner(credential)
            ttl = self._ttl if not identity.anonymous else min(self._ttl, NEGATIVE_CACHE_SECONDS)
            self._remember(key, identity, time.monotonic() + ttl)
            future.set_result(identity)
            return identity
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

    async def _ask_owner(self, credential: str) -> Identity:
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
                if response.status != 200:
                    return ANONYMOUS
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            # The owner is down or confused: treat the caller as anonymous, never as someone else.
            log.warning("identity owner unavailable: %s", exc)
            return ANONYMOUS
        try:
            return Identity(
                user_id=int(body["user_id"]),
                username=str(body.get("username", "")),
                is_staff=bool(body.get("is_staff", False)),
            )
        except (KeyError, TypeError, ValueError):
            log.warning("identity owner sent an unexpected body: %r", body)
            return ANONYMOUS

    def _remember(self, key: str, identity: Identity, expires: float) -> None:
        self._cache[key] = (expires, identity)
        self._cache.move_to_end(key)
        while len(self._cache) > MAX_CACHED:
            self._cache.popitem(last=False)
