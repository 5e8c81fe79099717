"""Daily and monthly sending limits: pure arithmetic, no storage.

The addon keeps one counter per (company, channel, period) and asks this module
how many of the messages it wants to send fit::

    grant(requested=50, used_day=280, used_month=700, limit_day=300, limit_month=1000)
    -> Allowance(requested=50, granted=20, over=30, limited_by="day")

A limit of 0 (or ``None``) means "no limit".  Periods are calendar days and
months in the company's time zone; :func:`period_starts` gives the keys of the
current periods and :func:`next_window` the first moment a deferred message may
be tried again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from .errors import MessagingError

Period = Literal["day", "month"]

__all__ = [
    "Allowance",
    "QuotaError",
    "grant",
    "next_window",
    "period_starts",
    "remaining",
]


class QuotaError(MessagingError):
    """Bad quota arguments (negative counts or limits)."""


@dataclass(frozen=True)
class Allowance:
    requested: int
    granted: int
    over: int
    limited_by: Period | None  # the period whose limit cut the request, if any

    @property
    def complete(self) -> bool:
        return self.over == 0


def _check(name: str, value: int | None) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise QuotaError(f"{name} must be an integer", code="type", name=name)
    if value < 0:
        raise QuotaError(f"{name} must not be negative", code="negative", name=name)
    return value


def remaining(used_day: int, used_month: int, limit_day: int | None, limit_month: int | None) -> int | None:
    """How many more messages fit today, or ``None`` when nothing limits."""
    used_day = _check("used_day", used_day)
    used_month = _check("used_month", used_month)
    limit_day = _check("limit_day", limit_day)
    limit_month = _check("limit_month", limit_month)
    left = [limit - used for limit, used in ((limit_day, used_day), (limit_month, used_month)) if limit]
    return max(0, min(left)) if left else None


def grant(
    requested: int,
    used_day: int,
    used_month: int,
    limit_day: int | None,
    limit_month: int | None,
) -> Allowance:
    """How many of ``requested`` messages may be sent now."""
    requested = _check("requested", requested)
    left = remaining(used_day, used_month, limit_day, limit_month)
    if left is None or requested <= left:
        return Allowance(requested, requested, 0, None)
    day_left = limit_day - used_day if limit_day else None
    month_left = limit_month - used_month if limit_month else None
    limited_by: Period = "day" if month_left is None or (day_left is not None and day_left <= month_left) else "month"
    return Allowance(requested, left, requested - left, limited_by)


def _local(now: dt.datetime, tz: str) -> dt.datetime:
    if now.tzinfo is None:
        raise QuotaError("now must be timezone-aware", code="naive")
    return now.astimezone(ZoneInfo(tz or "UTC"))


def period_starts(now: dt.datetime, tz: str = "UTC") -> dict[Period, dt.date]:
    """The first day of the current day and month periods in time zone ``tz``."""
    local = _local(now, tz)
    return {"day": local.date(), "month": local.date().replace(day=1)}


def next_window(now: dt.datetime, period: Period, tz: str = "UTC") -> dt.datetime:
    """Start (as an aware UTC datetime) of the next ``period`` after ``now`` in ``tz``."""
    local = _local(now, tz)
    day = local.date()
    if period == "day":
        start = day + dt.timedelta(days=1)
    elif period == "month":
        start = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    else:
        raise QuotaError(f"unknown period {period!r}", code="period")
    zone = ZoneInfo(tz or "UTC")
    return dt.datetime.combine(start, dt.time(), tzinfo=zone).astimezone(dt.timezone.utc)
