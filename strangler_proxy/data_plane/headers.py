"""Header hygiene: hop-by-hop, client identity stripping, X-Forwarded-*, request ids, traces."""

from __future__ import annotations

import os
import re

from multidict import CIMultiDict, CIMultiDictProxy

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)
# Headers through which a client could claim an identity; only the proxy's signed token counts.
IDENTITY_HEADERS = frozenset(
    {
        "remote-user",
        "x-remote-user",
        "x-user",
        "x-user-id",
        "x-username",
        "x-forwarded-user",
        "x-forwarded-email",
        "x-forwarded-preferred-username",
        "x-auth-user",
        "x-authenticated-user",
        "x-authenticated-userid",
        "x-identity",
    }
)
# The proxy writes these itself from what it saw on the socket.
FORWARDED = frozenset({"forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"})
_STRANGLER_PREFIX = "x-strangler-"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


def _connection_tokens(headers: CIMultiDictProxy[str] | CIMultiDict[str]) -> set[str]:
    tokens: set[str] = set()
    for value in headers.getall("Connection", ()):
        tokens.update(t.strip().lower() for t in value.split(",") if t.strip())
    return tokens


def upstream_request_headers(
    incoming: CIMultiDictProxy[str],
    *,
    client_ip: str,
    scheme: str,
    host: str,
    request_id: str,
    traceparent: str,
    to_service: bool,
) -> CIMultiDict[str]:
    """Headers to send to a backend: the client's, cleaned, plus forwarding and tracing headers."""
    drop = _connection_tokens(incoming)
    out: CIMultiDict[str] = CIMultiDict()
    for name, value in incoming.items():
        lower = name.lower()
        if (
            lower in HOP_BY_HOP
            or lower in drop
            or lower in IDENTITY_HEADERS
            or lower in FORWARDED
            or lower.startswith(_STRANGLER_PREFIX)
            or lower in {"host", "x-request-id", "traceparent", "tracestate", "content-length"}
        ):
            continue
        # Services trust only the proxy's signed identity: the monolith's cookie and token stay.
        if to_service and lower in {"cookie", "authorization"}:
            continue
        out.add(name, value)
    if "tracestate" in incoming:
        out["tracestate"] = incoming["tracestate"]
    length = incoming.get("Content-Length")
    if length is not None:
        out["Content-Length"] = length
    out["X-Forwarded-For"] = client_ip
    out["X-Forwarded-Proto"] = scheme
    out["X-Forwarded-Host"] = host
    out["X-Request-Id"] = request_id
    out["traceparent"] = traceparent
    return out


def downstream_response_headers(
    upstream: CIMultiDictProxy[str] | CIMultiDict[str],
) -> CIMultiDict[str]:
    drop = _connection_tokens(upstream)
    out: CIMultiDict[str] = CIMultiDict()
    for name, value in upstream.items():
        lower = name.lower()
        if lower in HOP_BY_HOP or lower in drop or lower.startswith(_STRANGLER_PREFIX):
            continue
        out.add(name, value)
    return out


def request_id_from(incoming: CIMultiDictProxy[str]) -> str:
    given = incoming.get("X-Request-Id", "")
    return given if _REQUEST_ID.match(given) else os.urandom(16).hex()


def child_traceparent(incoming: CIMultiDictProxy[str]) -> str:
    """A traceparent for the upstream call: the client's trace continued, or a new trace."""
    match = _TRACEPARENT.match(incoming.get("traceparent", "").strip().lower())
    span = os.urandom(8).hex()
    if match and match.group(1) != "0" * 32 and match.group(2) != "0" * 16:
        return f"00-{match.group(1)}-{span}-{match.group(3)}"
    return f"00-{os.urandom(16).hex()}-{span}-01"
