import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from messaging_core.quota import Allowance, QuotaError, grant, next_window, period_starts, remaining

UTC = dt.timezone.utc


def test_within_limits_grants_everything():
    assert grant(10, 0, 0, 300, 1000) == Allowance(10, 10, 0, None)


def test_daily_limit_cuts_the_request():
    allowance = grant(50, 280, 700, 300, 1000)
    assert (allowance.granted, allowance.over, allowance.limited_by) == (20, 30, "day")
    assert not allowance.complete


def test_monthly_limit_cuts_before_the_daily_one():
    allowance = grant(50, 10, 990, 300, 1000)
    assert (allowance.granted, allowance.over, allowance.limited_by) == (10, 40, "month")


def test_zero_means_unlimited():
    assert remaining(10_000, 10_000, 0, None) is None
    assert grant(5000, 10_000, 10_000, 0, 0).granted == 5000


def test_over_the_limit_already_grants_nothing():
    assert grant(3, 305, 305, 300, 1000).granted == 0
    assert remaining(305, 305, 300, 1000) == 0


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_bad_numbers_are_refused(bad):
    with pytest.raises(QuotaError):
        grant(bad, 0, 0, 1, 1)


@given(st.integers(0, 5000), st.integers(0, 2000), st.integers(0, 5000), st.integers(0, 1000), st.integers(0, 3000))
def test_granted_never_passes_a_limit(requested, used_day, used_month, limit_day, limit_month):
    allowance = grant(requested, used_day, used_month, limit_day, limit_month)
    assert allowance.granted + allowance.over == requested
    assert 0 <= allowance.granted <= requested
    if limit_day:
        assert allowance.granted == 0 or used_day + allowance.granted <= limit_day
    if limit_month:
        assert allowance.granted == 0 or used_month + allowance.granted <= limit_month


def test_periods_follow_the_company_time_zone():
    now = dt.datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    assert period_starts(now, "UTC") == {"day": dt.date(2026, 3, 31), "month": dt.date(2026, 3, 1)}
    # already the 1st of April in Paris (UTC+2 in summer time)
    assert period_starts(now, "Europe/Paris") == {"day": dt.date(2026, 4, 1), "month": dt.date(2026, 4, 1)}


def test_next_window_is_local_midnight_across_dst():
    # the night summer time starts in Paris: midnight local is 23:00 UTC the day before
    now = dt.datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
    assert next_window(now, "day", "Europe/Paris") == dt.datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    assert next_window(now, "month", "Europe/Paris") == dt.datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    assert next_window(dt.datetime(2026, 12, 31, 12, tzinfo=UTC), "month") == dt.datetime(2027, 1, 1, tzinfo=UTC)


def test_naive_now_is_refused():
    with pytest.raises(QuotaError):
        period_starts(dt.datetime(2026, 1, 1))
