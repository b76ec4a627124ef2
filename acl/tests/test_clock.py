"""Naive Europe/London times as UTC and back, across both DST changes."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given

from acl import clock
from acl.errors import ClockError

from .strategies import (
    ambiguous_local_times,
    existing_local_times,
    instants,
    is_second_pass,
    nonexistent_local_times,
    relaxed,
)


@relaxed
@given(existing_local_times)
def test_legacy_to_clean_to_legacy_is_identity_for_every_existing_local_time(
    local: datetime,
) -> None:
    text = clock.legacy_to_clean(local)
    assert text.endswith("Z")
    assert clock.clean_to_legacy(text) == local


@relaxed
@given(instants)
def test_clean_to_legacy_to_clean_is_identity_outside_the_repeated_hour(instant: datetime) -> None:
    text = clock.format_utc(instant)
    back = clock.parse_utc(clock.legacy_to_clean(clock.clean_to_legacy(text)))
    if is_second_pass(instant):
        # The legacy column cannot tell the two runs of the hour apart: the first one is read.
        assert back == instant - timedelta(hours=1)
    else:
        assert back == instant


@relaxed
@given(ambiguous_local_times)
def test_an_ambiguous_autumn_time_is_the_first_of_its_two_instants(local: datetime) -> None:
    assert clock.is_ambiguous(local)
    assert not clock.is_nonexistent(local)
    instant = clock.local_to_utc(local)
    assert instant.utcoffset() == timedelta(0)
    assert instant == datetime.combine(local.date(), local.time(), tzinfo=UTC) - timedelta(hours=1)
    assert clock.utc_to_local(instant) == local


@relaxed
@given(nonexistent_local_times)
def test_a_nonexistent_spring_time_moves_forward_by_the_gap(local: datetime) -> None:
    assert clock.is_nonexistent(local)
    assert not clock.is_ambiguous(local)
    assert clock.local_to_utc(local) == local.replace(tzinfo=UTC)
    assert clock.clean_to_legacy(clock.legacy_to_clean(local)) == local + timedelta(hours=1)


def test_the_documented_examples_of_both_changes() -> None:
    # Clocks go back at 02:00 BST on 27 October 2024: 01:30 happens twice.
    assert clock.legacy_to_clean(datetime(2024, 10, 27, 1, 30)) == "2024-10-27T00:30:00Z"
    assert clock.clean_to_legacy("2024-10-27T00:30:00Z") == datetime(2024, 10, 27, 1, 30)
    assert clock.clean_to_legacy("2024-10-27T01:30:00Z") == datetime(2024, 10, 27, 1, 30)
    # Clocks go forward at 01:00 GMT on 31 March 2024: 01:30 never happens.
    assert clock.legacy_to_clean(datetime(2024, 3, 31, 1, 30)) == "2024-03-31T01:30:00Z"
    assert clock.clean_to_legacy("2024-03-31T01:30:00Z") == datetime(2024, 3, 31, 2, 30)
    # Ordinary summer and winter times.
    assert clock.legacy_to_clean(datetime(2024, 7, 1, 9, 0)) == "2024-07-01T08:00:00Z"
    assert clock.legacy_to_clean(datetime(2024, 1, 1, 9, 0, 0, 5)) == "2024-01-01T09:00:00.000005Z"


def test_the_zone_is_a_parameter() -> None:
    # New York's autumn change: 01:30 on 3 November 2024 happens twice, first on EDT (-04:00).
    local = datetime(2024, 11, 3, 1, 30)
    assert clock.is_ambiguous(local, zone="America/New_York")
    assert not clock.is_ambiguous(local)
    assert clock.legacy_to_clean(local, zone="America/New_York") == "2024-11-03T05:30:00Z"
    assert clock.clean_to_legacy("2024-11-03T05:30:00Z", zone="America/New_York") == local
    with pytest.raises(ClockError, match="unknown time zone 'Mars/Olympus'; use an IANA name"):
        clock.legacy_to_clean(local, zone="Mars/Olympus")


def test_offsets_other_than_z_are_accepted_and_normalised() -> None:
    assert clock.parse_utc("2024-06-01T10:30:00+01:00") == datetime(2024, 6, 1, 9, 30, tzinfo=UTC)
    assert clock.clean_to_legacy("2024-06-01T10:30:00+01:00") == datetime(2024, 6, 1, 10, 30)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-06-01T09:30:00", "has no timezone; send UTC with a 'Z'"),
        ("2024-06-01", "has no timezone"),
        ("yesterday", "is not an ISO-8601 time; send UTC such as '2024-06-01T09:30:00Z'"),
        (1717234200, "expected an ISO-8601 time string, got 1717234200 (int)"),
    ],
)
def test_clean_times_without_a_zone_are_refused(text: object, message: str) -> None:
    with pytest.raises(ClockError, match=re.escape(message)):
        clock.clean_to_legacy(text)


def test_legacy_times_must_be_naive() -> None:
    aware = datetime(2024, 6, 1, 9, 30, tzinfo=UTC)
    with pytest.raises(ClockError, match="legacy times are naive local times"):
        clock.legacy_to_clean(aware)
    with pytest.raises(ClockError, match="expected a naive local datetime, got '2024-06-01'"):
        clock.legacy_to_clean("2024-06-01")


def test_times_beyond_the_calendar_are_refused_not_crashed() -> None:
    with pytest.raises(ClockError, match="out of the representable range"):
        clock.clean_to_legacy("0001-01-01T00:00:00Z")
