"""W3C trace context for events: the current `traceparent` and child spans for new events."""

import contextvars
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.http import HttpRequest, HttpResponse

TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("traceparent", default=None)


def parse(traceparent: str | None) -> tuple[str, str, str] | None:
    """(trace id, parent id, flags) of a valid version-00 traceparent, else None."""
    if not traceparent:
        return None
    match = TRACEPARENT.match(traceparent.strip().lower())
    if not match or set(match.group(1)) == {"0"} or set(match.group(2)) == {"0"}:
        return None
    return match.group(1), match.group(2), match.group(3)


def trace_id(traceparent: str | None) -> str | None:
    parsed = parse(traceparent)
    return parsed[0] if parsed else None


def current() -> str | None:
    return _current.get()


def child_traceparent() -> str:
    """A traceparent for a new event: a child span of the current trace, or a new trace."""
    parsed = parse(_current.get())
    trace, flags = (parsed[0], parsed[2]) if parsed else (secrets.token_hex(16), "01")
    return f"00-{trace}-{secrets.token_hex(8)}-{flags}"


@contextmanager
def use(traceparent: str | None) -> Iterator[None]:
    """Make `traceparent` current for the block (events recorded inside continue its trace)."""
    token = _current.set(traceparent if parse(traceparent) else None)
    try:
        yield
    finally:
        _current.reset(token)


class TraceparentMiddleware:
    """Takes the incoming W3C `traceparent` header so events recorded by a request join its trace."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with use(request.headers.get("traceparent")):
            return self.get_response(request)
