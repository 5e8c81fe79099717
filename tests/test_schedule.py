"""messaging_core.schedule: delays across DST, opening hours far from UTC, quiet hours."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from messaging_core.schedule import OpeningHours, ScheduleError, Window, quiet_hours, shift, week_type, zone

D = dt.datetime


@pytest.mark.parametrize(
    ("moment", "amount", "unit", "tz", "expected"),
    [
        # Paris switches to summer time on 2026-03-29 at 02:00 local (01:00 UTC)
        # a day later keeps 10:00 local: 09:00 UTC (CET) -> 08:00 UTC (CEST)
        (D(2026, 3, 28, 9, 0), 1, "days", "Europe/Paris", D(2026, 3, 29, 8, 0)),
        # 24 hours later is 24 real hours: 11:00 local the next day
        (D(2026, 3, 28, 9, 0), 24, "hours", "Europe/Paris", D(2026, 3, 29, 9, 0)),
        # back to winter time on 2026-10-25: 10:00 CEST (08:00 UTC) + 1 day = 10:00 CET (09:00 UTC)
        (D(2026, 10, 24, 8, 0), 1, "days", "Europe/Paris", D(2026, 10, 25, 9, 0)),
        # a reminder 1 day before a 10:00 CEST appointment the day after the switch
        (D(2026, 3, 30, 8, 0), -1, "days", "Europe/Paris", D(2026, 3, 29, 8, 0)),
        (D(2026, 3, 30, 8, 0), -2, "days", "Europe/Paris", D(2026, 3, 28, 9, 0)),
        (D(2026, 1, 1, 0, 0), 90, "minutes", "Europe/Paris", D(2026, 1, 1, 1, 30)),
        # New York, spring forward 2026-03-08 at 02:00 local
        (D(2026, 3, 7, 14, 0), 1, "days", "America/New_York", D(2026, 3, 8, 13, 0)),
        (D(2026, 1, 1, 12, 0), 3, "days", None, D(2026, 1, 4, 12, 0)),
    ],
)
def test_shift(moment, amount, unit, tz, expected):
    assert shift(moment, amount, unit, tz) == expected


def test_shift_into_a_spring_forward_gap_moves_past_it():
    # 02:30 on 2026-03-29 does not exist in Paris: read as 03:30 CEST = 01:30 UTC
    assert shift(D(2026, 3, 28, 1, 30), 1, "days", "Europe/Paris") == D(2026, 3, 29, 1, 30)


@pytest.mark.parametrize(("unit", "tz"), [("weeks", "UTC"), ("days", "Mars/Olympus")])
def test_shift_rejects_unknown_units_and_zones(unit, tz):
    with pytest.raises(ScheduleError):
        shift(D(2026, 1, 1), 1, unit, tz)


def tokyo_office():
    """Mon-Fri 09:00-12:00 and 13:00-18:00 in Tokyo (UTC+9, no DST)."""
    windows = [Window(day, start, end) for day in range(5) for start, end in ((9, 12), (13, 18))]
    return OpeningHours(windows, "Asia/Tokyo")


@pytest.mark.parametrize(
    ("moment", "expected", "why"),
    [
        # Monday 2026-11-23 10:00 Tokyo = 01:00 UTC: open
        (D(2026, 11, 23, 1, 0), D(2026, 11, 23, 1, 0), "open"),
        # Monday 12:30 Tokyo (lunch) -> 13:00 Tokyo = 04:00 UTC
        (D(2026, 11, 23, 3, 30), D(2026, 11, 23, 4, 0), "lunch"),
        # Monday 20:00 Tokyo = 11:00 UTC -> Tuesday 09:00 Tokyo = Tuesday 00:00 UTC
        (D(2026, 11, 23, 11, 0), D(2026, 11, 24, 0, 0), "evening"),
        # Sunday 2026-11-22 23:00 UTC is Monday 08:00 Tokyo: the UTC day is Sunday, Tokyo's Monday
        (D(2026, 11, 22, 23, 0), D(2026, 11, 23, 0, 0), "before opening, a different UTC day"),
        # Friday 2026-11-27 19:00 Tokyo = 10:00 UTC -> Monday 09:00 Tokyo = Monday 00:00 UTC
        (D(2026, 11, 27, 10, 0), D(2026, 11, 30, 0, 0), "weekend"),
    ],
)
def test_opening_hours_far_from_utc(moment, expected, why):
    assert tokyo_office().next_open(moment) == expected, why


def test_opening_hours_across_a_dst_switch():
    # Paris, Mon-Sun 09:00-17:00: Saturday 2026-03-28 18:00 CET -> Sunday 09:00 CEST (07:00 UTC)
    hours = OpeningHours([Window(day, 9, 17) for day in range(7)], "Europe/Paris")
    assert hours.next_open(D(2026, 3, 28, 17, 0)) == D(2026, 3, 29, 7, 0)
    assert hours.next_open(D(2026, 10, 24, 16, 0)) == D(2026, 10, 25, 8, 0)


def test_closed_periods_are_skipped():
    # a public holiday on Tuesday 2026-11-24 (Tokyo day, in UTC) pushes to Wednesday
    holiday = (D(2026, 11, 23, 15, 0), D(2026, 11, 24, 15, 0))
    hours = OpeningHours(tokyo_office().windows, "Asia/Tokyo", closed=[holiday])
    assert hours.next_open(D(2026, 11, 23, 11, 0)) == D(2026, 11, 25, 0, 0)
    # a half-day closure ends inside a window: open from its end
    hours = OpeningHours(tokyo_office().windows, "Asia/Tokyo", closed=[(D(2026, 11, 23, 0, 0), D(2026, 11, 23, 2, 0))])
    assert hours.next_open(D(2026, 11, 23, 0, 30)) == D(2026, 11, 23, 2, 0)


def test_two_week_calendars_and_date_ranges():
    monday = dt.date(2026, 11, 23)
    even = week_type(monday)
    hours = OpeningHours([Window(0, 9, 17, week=1 - even)], "UTC")
    # this Monday is the other week type: next Monday
    assert hours.next_open(D(2026, 11, 23, 10, 0)) == D(2026, 11, 30, 9, 0)
    limited = OpeningHours([Window(0, 9, 17, first_day=dt.date(2026, 12, 7))], "UTC")
    assert limited.next_open(D(2026, 11, 23, 10, 0)) == D(2026, 12, 7, 9, 0)


def test_empty_or_closed_calendars_give_none():
    assert OpeningHours([], "UTC").next_open(D(2026, 1, 1)) is None
    always_closed = OpeningHours([Window(0, 9, 17)], "UTC", closed=[(D(2026, 1, 1), D(2028, 1, 1))])
    assert always_closed.next_open(D(2026, 1, 1), horizon_days=30) is None


@pytest.mark.parametrize(
    ("moment", "tz", "expected"),
    [
        (D(2026, 6, 1, 12, 0), "Europe/Paris", D(2026, 6, 1, 12, 0)),  # 14:00 local: fine
        (D(2026, 6, 1, 19, 30), "Europe/Paris", D(2026, 6, 2, 6, 0)),  # 21:30 local -> 08:00 next day
        (D(2026, 6, 1, 5, 0), "Europe/Paris", D(2026, 6, 1, 6, 0)),  # 07:00 local -> 08:00
        (D(2026, 6, 1, 12, 0), "Pacific/Auckland", D(2026, 6, 1, 20, 0)),  # 00:00 NZST -> 08:00 NZST
    ],
)
def test_quiet_hours(moment, tz, expected):
    assert quiet_hours(8, 21, tz).next_open(moment) == expected


def test_quiet_hours_must_be_a_window():
    with pytest.raises(ScheduleError):
        quiet_hours(21, 8, "UTC")
    with pytest.raises(ScheduleError):
        Window(7, 9, 17)
    with pytest.raises(ScheduleError):
        zone("Nowhere/Land")


moments = st.datetimes(min_value=D(2024, 1, 1), max_value=D(2030, 12, 31))
ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe", "Asia/Kathmandu"]
zones = st.sampled_from(ZONES)


@settings(max_examples=200, deadline=None)
@given(moment=moments, tz=zones)
def test_next_open_is_the_first_open_moment(moment, tz):
    hours = OpeningHours([Window(day, 9, 12.5) for day in range(5)] + [Window(5, 10, 14)], tz)
    found = hours.next_open(moment)
    assert found is not None and found >= moment
    local = found.replace(tzinfo=dt.timezone.utc).astimezone(zone(tz))
    open_now = any(
        w.applies(local.date()) and w.start * 60 <= local.hour * 60 + local.minute < w.end * 60 for w in hours.windows
    )
    assert open_now, f"{found} ({local}) is not inside a window"
    # nothing opens earlier: every quarter of an hour before it is closed
    probe = moment
    while probe < found:
        assert hours.next_open(probe) == found
        probe += dt.timedelta(minutes=15)


@settings(max_examples=200, deadline=None)
@given(moment=moments, tz=zones, days=st.integers(-30, 30))
def test_day_shifts_keep_the_wall_clock(moment, tz, days):
    tzinfo = zone(tz)
    before = moment.replace(tzinfo=dt.timezone.utc).astimezone(tzinfo)
    after = shift(moment, days, "days", tz).replace(tzinfo=dt.timezone.utc).astimezone(tzinfo)
    target = before.replace(tzinfo=None) + dt.timedelta(days=days)
    exists = target.replace(tzinfo=tzinfo).astimezone(dt.timezone.utc).astimezone(tzinfo).replace(tzinfo=None) == target
    if exists:
        assert after.replace(tzinfo=None) == target
    else:  # a spring-forward gap: moved forward by at most the gap (1 hour; 30 min on Lord Howe)
        assert target < after.replace(tzinfo=None) <= target + dt.timedelta(hours=1)
