"""Refuse request targets that could reach anything but a configured backend or confuse routing."""

from __future__ import annotations

import re
from urllib.parse import unquote

# After percent-decoding, a path may not smuggle a scheme, a second authority, a parent segment,
# a backslash or a control character; encoded slashes are refused so that routing and the
# backend always agree on where segments begin.
_ENCODED_SEPARATORS = re.compile(r"%(2f|5c|00)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UnsafeTarget(ValueError):
    """The request target is refused; the message says why."""


def check_target(*, method: str, raw_target: str) -> str:
    """The decoded path to route on; raises UnsafeTarget for anything that is not origin-form."""
    if method == "CONNECT":
        raise UnsafeTarget("CONNECT is not supported: this is a reverse proxy, not a tunnel")
    if not raw_target.startswith("/"):
        raise UnsafeTarget("only origin-form targets (/path?query) are accepted, not absolute URIs")
    raw_path = raw_target.split("?", 1)[0]
    if raw_path.startswith("//"):
        raise UnsafeTarget("the path may not start with //")
    if _ENCODED_SEPARATORS.search(raw_path):
        raise UnsafeTarget("encoded slashes, backslashes and NUL bytes are not allowed in the path")
    path = unquote(raw_path)
    if _CONTROL.search(path) or "\\" in path:
        raise UnsafeTarget("control characters and backslashes are not allowed in the path")
    segments = path.split("/")
    if ".." in segments or "." in segments:
        raise UnsafeTarget("dot segments (. and ..) are not allowed in the path")
    return path
