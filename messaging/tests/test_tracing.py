"""Trace context: events join the trace of the request or event that caused them."""

from django.http import HttpResponse
from django.test import RequestFactory

from messaging import tracing

PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_an_event_recorded_inside_a_trace_is_a_new_span_of_that_trace():
    with tracing.use(PARENT):
        child = tracing.child_traceparent()

    assert tracing.trace_id(child) == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert child != PARENT
    assert tracing.parse(child) is not None


def test_without_a_trace_each_event_starts_a_new_one():
    first, second = tracing.child_traceparent(), tracing.child_traceparent()

    assert tracing.trace_id(first) != tracing.trace_id(second)


def test_malformed_or_all_zero_traceparents_are_ignored():
    for bad in ("garbage", "00-" + "0" * 32 + "-00f067aa0ba902b7-01", "01-abc-def-01"):
        with tracing.use(bad):
            assert tracing.current() is None


def test_the_middleware_makes_the_request_traceparent_current():
    seen = []

    def view(request):
        seen.append(tracing.current())
        return HttpResponse()

    middleware = tracing.TraceparentMiddleware(view)
    middleware(RequestFactory().get("/", HTTP_TRACEPARENT=PARENT))

    assert seen == [PARENT]
    assert tracing.current() is None
