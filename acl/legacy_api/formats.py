"""The legacy API's wire formats: its timestamp text and its validation error body."""

import re
from datetime import datetime
from typing import Any

from acl import clock
from acl.errors import ClockError, TranslationError

API_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_API_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")


def api_time_to_local(text: Any) -> datetime:
    """An API timestamp ("2024-11-30 23:59:58", naive local) as a naive datetime."""
    if not isinstance(text, str) or not _API_TIME.fullmatch(text):
        raise ClockError(f"expected a legacy time such as '2024-11-30 23:59:58', got {text!r}")
    try:
        return datetime.strptime(text, API_TIME_FORMAT)
    except ValueError:
        raise ClockError(f"{text!r} is not a date and time that exists") from None


def local_to_api_time(local: datetime) -> str:
    """A naive local datetime as API text; the API shows no fraction of a second, so none is kept."""
    return local.strftime(API_TIME_FORMAT)


def api_time_to_clean(text: Any, *, zone: clock.Zone = clock.LEGACY_ZONE) -> str:
    """An API timestamp as a clean UTC string."""
    return clock.legacy_to_clean(api_time_to_local(text), zone=zone)


def clean_to_api_time(text: Any, *, zone: clock.Zone = clock.LEGACY_ZONE) -> str:
    """A clean UTC time as an API timestamp (whole seconds, as the monolith shows them)."""
    return local_to_api_time(clock.clean_to_legacy(text, zone=zone))


def validation_error_body(error: TranslationError) -> dict[str, Any]:
    """The legacy API's 400 body for a request the ACL could not translate.

    Same shape as the monolith's own: `{"error": "validation_failed", "message", "fields"}`,
    with the field named by its dotted path in the request body.
    """
    if error.field:
        return {
            "error": "validation_failed",
            "message": f"Invalid input: {error.field}: {error.reason}",
            "fields": {error.field: [error.reason]},
        }
    return {"error": "validation_failed", "message": f"Invalid input: {error.reason}", "fields": {}}
