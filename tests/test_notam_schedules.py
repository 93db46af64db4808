"""Active periods (a NOTAM's item D) in the pipeline: ``Limits`` and every time test that uses
it (4-D intersection, reroutes, affected flights a day), checked against brute force."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from airspace.reroute.plan import busiest_day_share
from airspace.units import SFC, UNL, Limits, format_periods, periods_meet

T0 = datetime(2022, 11, 2, tzinfo=UTC)
HOUR = timedelta(hours=1)


def hours(a: int, b: int) -> tuple[datetime, datetime]:
    return T0 + a * HOUR, T0 + b * HOUR


def limits(start: int, end: int, *periods: tuple[int, int]) -> Limits:
    return Limits(
        lower=SFC,
        upper=UNL,
        start=T0 + start * HOUR,
        end=T0 + end * HOUR,
        periods=tuple(hours(a, b) for a, b in periods),
    )


def test_periods_must_be_sorted_disjoint_and_inside_the_window() -> None:
    with pytest.raises(ValueError, match="within"):
        limits(0, 10, (9, 11))
    with pytest.raises(ValueError, match="sorted, disjoint"):
        limits(0, 10, (4, 6), (1, 3))
    with pytest.raises(ValueError, match="sorted, disjoint"):
        limits(0, 10, (1, 4), (3, 6))
    with pytest.raises(ValueError, match="non-empty"):
        limits(0, 10, (3, 3))
    with pytest.raises(ValueError, match="UTC"):
        Limits(
            lower=SFC,
            upper=UNL,
            start=T0,
            end=T0 + HOUR,
            periods=((datetime(2022, 11, 2), datetime(2022, 11, 2, 0, 30)),),
        )
    whole = limits(0, 10, (0, 10))
    assert whole.periods == () and whole == limits(0, 10)  # the whole window is no schedule


def test_a_scheduled_window_is_closed_only_in_its_periods() -> None:
    daily = limits(0, 72, (1, 3), (25, 27), (49, 51))
    assert daily.overlaps_time(*hours(2, 4)) and daily.overlaps_time(*hours(26, 30))
    assert not daily.overlaps_time(*hours(3, 25))  # between two periods (ends are open)
    assert not daily.overlaps_time(*hours(51, 80))
    assert daily.active_duration == 6 * HOUR
    assert limits(0, 72).overlaps_time(*hours(3, 25))  # the same window without D)
    other = limits(0, 72, (3, 25))
    assert not daily.overlaps(other) and daily.overlaps(limits(26, 40))


def test_periods_print_as_a_daily_pattern_or_a_list() -> None:
    daily = limits(0, 72, (1, 3), (25, 27), (49, 51))
    assert daily.periods_text == "daily 0100-0300Z 2022-11-02 to 2022-11-04 (3 periods)"
    assert daily.schedule_text == (
        "2022-11-02 0000Z - 2022-11-05 0000Z, active daily 0100-0300Z 2022-11-02 to 2022-11-04 "
        "(3 periods)"
    )
    mixed = limits(0, 200, (1, 3), (5, 6), (30, 31), (60, 61), (90, 91), (120, 121))
    assert mixed.periods_text == (
        "2022-11-02 0100-0300Z, 2022-11-02 0500-0600Z, 2022-11-03 0600-0700Z, "
        "2022-11-04 1200-1300Z and 2 more (6 periods)"
    )
    assert limits(0, 10).schedule_text == "2022-11-02 0000-1000Z"  # no periods, no words
    assert format_periods([hours(1, 2)]) == "2022-11-02 0100-0200Z"


# ---- property tests against brute force (hours as integers, so everything is exact) --------
@st.composite
def hour_periods(draw: st.DrawFn) -> list[tuple[int, int]]:
    cuts = sorted(set(draw(st.lists(st.integers(0, 200), min_size=2, max_size=16))))
    pairs = list(pairwise(cuts))
    keep = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    return [p for p, k in zip(pairs, keep, strict=True) if k]


def merged(periods: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in periods:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


@settings(max_examples=200, deadline=None)
@given(hour_periods(), st.integers(-10, 210), st.integers(1, 40))
def test_overlaps_time_is_any_period_meeting_the_query(
    periods: list[tuple[int, int]], start: int, length: int
) -> None:
    periods = merged(periods)
    if not periods:
        return
    lim = limits(periods[0][0], periods[-1][1], *periods)
    brute = any(a < start + length and start < b for a, b in periods)
    assert lim.overlaps_time(*hours(start, start + length)) == brute


@settings(max_examples=200, deadline=None)
@given(hour_periods(), hour_periods())
def test_two_schedules_meet_when_some_hour_is_in_both(
    a: list[tuple[int, int]], b: list[tuple[int, int]]
) -> None:
    a, b = merged(a), merged(b)
    in_a = {h for x, y in a for h in range(x, y)}
    in_b = {h for x, y in b for h in range(x, y)}
    pa = [hours(x, y) for x, y in a]
    pb = [hours(x, y) for x, y in b]
    assert periods_meet(pa, pb) == bool(in_a & in_b)


@settings(max_examples=200, deadline=None)
@given(st.lists(hour_periods(), min_size=1, max_size=3))
def test_busiest_day_share_is_the_most_hours_any_24_hours_hold(
    lists: list[list[tuple[int, int]]],
) -> None:
    periods = [p for ps in lists for p in ps]  # several closures: overlapping periods
    if not periods:
        return
    covered = {h for a, b in periods for h in range(a, b)}
    best = max(sum(1 for h in range(s, s + 24) if h in covered) for s in range(-24, 230))
    share = busiest_day_share([hours(a, b) for a, b in periods])
    assert share == pytest.approx(best / 24)


def test_a_whole_day_or_more_is_every_flight() -> None:
    assert busiest_day_share([hours(0, 30)]) == 1.0
    assert busiest_day_share([hours(0, 2), hours(24, 26)]) == pytest.approx(2 / 24)
