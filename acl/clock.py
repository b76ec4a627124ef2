"""Time: the legacy naive local timestamps as UTC ISO-8601 ("...Z") and back, across DST changes.

Naive local time loses information twice a year, so two rules decide (see acl/README.md):

- an *ambiguous* time (the repeated hour when clocks go back) is the first of the two instants,
  the one still on summer time;
- a *nonexistent* time (the skipped hour when clocks go forward) is read with the offset in force
  before the change, so it lands as far after the change as it was into the gap
  (London 01:30 on the spring day becomes 01:30Z, which is 02:30 BST).
"""

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ClockError

LEGACY_ZONE = "Europe/London"

Zone = str | ZoneInfo


def zone_info(zone: Zone) -> ZoneInfo:
    """The `ZoneInfo` for an IANA name such as "Europe/London"."""
    if isinstance(zone, ZoneInfo):
        return zone
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ClockError(
            f"unknown time zone {zone!r}; use an IANA name such as 'Europe/London'"
        ) from None


def _naive(local: Any) -> datetime:
    if not isinstance(local, datetime):
        raise ClockError(f"expected a naive local datetime, got {local!r} ({type(local).__name__})")
    if local.tzinfo is not None:
        raise ClockError(
            f"legacy times are naive local times, got {local.isoformat()} with an offset"
        )
    return local


def local_to_utc(local: Any, *, zone: Zone = LEGACY_ZONE) -> datetime:
    """The aware UTC instant of a naive local time, by the module's DST rules."""
    local = _naive(local)
    try:
        # fold=0 is exactly the documented rule: first instant of a repeated hour, and the
        # pre-change offset inside a skipped hour.
        return local.replace(tzinfo=zone_info(zone), fold=0).astimezone(UTC)
    except OverflowError:
        raise ClockError(f"{local.isoformat()} is out of the representable range") from None


def utc_to_local(instant: Any, *, zone: Zone = LEGACY_ZONE) -> datetime:
    """The naive local wall-clock time of an aware instant."""
    if not isinstance(instant, datetime) or instant.tzinfo is None:
        raise ClockError(f"expected an aware datetime, got {instant!r}")
    try:
        return instant.astimezone(zone_info(zone)).replace(tzinfo=None, fold=0)
    except OverflowError:
        raise ClockError(f"{instant.isoformat()} is out of the representable range") from None


def is_ambiguous(local: Any, *, zone: Zone = LEGACY_ZONE) -> bool:
    """True for a wall-clock time that happens twice (the hour repeated when clocks go back)."""
    local, info = _naive(local), zone_info(zone)
    first, second = (local.replace(tzinfo=info, fold=fold) for fold in (0, 1))
    return first.utcoffset() != second.utcoffset() and not is_nonexistent(local, zone=info)


def is_nonexistent(local: Any, *, zone: Zone = LEGACY_ZONE) -> bool:
    """True for a wall-clock time that never happens (the hour skipped when clocks go forward)."""
    local = _naive(local)
    return utc_to_local(local_to_utc(local, zone=zone), zone=zone) != local.replace(fold=0)


def format_utc(instant: Any) -> str:
    """An aware instant as UTC ISO-8601 with a "Z": "2024-06-01T09:30:00Z" (microseconds if any)."""
    if not isinstance(instant, datetime) or instant.tzinfo is None:
        raise ClockError(f"expected an aware datetime, got {instant!r}")
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def parse_utc(text: Any) -> datetime:
    """An ISO-8601 string with a "Z" or an offset as an aware UTC datetime; no offset is refused."""
    if isinstance(text, datetime):
        instant = text
    elif isinstance(text, str):
        try:
            instant = datetime.fromisoformat(text)
        except ValueError:
            raise ClockError(
                f"{text!r} is not an ISO-8601 time; send UTC such as '2024-06-01T09:30:00Z'"
            ) from None
    else:
        raise ClockError(f"expected an ISO-8601 time string, got {text!r} ({type(text).__name__})")
    if instant.tzinfo is None:
        raise ClockError(
            f"{text!r} has no timezone; send UTC with a 'Z' such as '2024-06-01T09:30:00Z'"
        )
    return instant.astimezone(UTC)


def legacy_to_clean(local: Any, *, zone: Zone = LEGACY_ZONE) -> str:
    """A legacy naive local timestamp as a clean UTC string."""
    return format_utc(local_to_utc(local, zone=zone))


def clean_to_legacy(text: Any, *, zone: Zone = LEGACY_ZONE) -> datetime:
    """A clean UTC time as a legacy naive local timestamp."""
    return utc_to_local(parse_utc(text), zone=zone)
