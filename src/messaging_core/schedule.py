"""When an automatic message may leave: delays, reminders, opening hours, quiet hours.

Pure time arithmetic, no storage. Every moment going in and out is a *naive UTC*
datetime (as Odoo stores them); local rules are applied in an IANA time zone::

    shift(moment, 2, "days", "Europe/Paris")       # same wall-clock time two days later
    shift(moment, -3, "hours", "Europe/Paris")     # three real hours earlier
    hours = OpeningHours([Window(0, 9, 17), ...], "Asia/Tokyo")
    hours.next_open(moment)                        # moment itself, or the next opening

Daylight-saving rules: a delay in minutes or hours is elapsed time; a delay in days
keeps the local wall-clock time (a reminder "1 day before" a 10:00 appointment is at
10:00 the day before, even across a DST switch). A local time that does not exist
(spring forward) moves forward by the gap (02:30 becomes 03:30); one that exists
twice (fall back) is its first occurrence.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import MessagingError

__all__ = [
    "UNITS",
    "OpeningHours",
    "ScheduleError",
    "Window",
    "quiet_hours",
    "shift",
    "week_type",
    "zone",
]

UNITS = ("minutes", "hours", "days")
UTC = dt.timezone.utc


class ScheduleError(MessagingError):
    """An impossible schedule (unknown unit or time zone, a window that ends before it starts)."""

    code = "schedule_error"


def zone(name: str | None) -> ZoneInfo:
    """The time zone ``name`` (``UTC`` when empty); :class:`ScheduleError` when unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ScheduleError(f"Unknown time zone {name!r}.", code="unknown_zone", zone=name) from error


def _to_local(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    return moment.replace(tzinfo=UTC).astimezone(tz)


def _to_utc(local: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """UTC (naive) of a local wall-clock time (``fold=0``: the first of two, and a time
    in a spring-forward gap read with the offset before the switch, so 02:30 is 03:30)."""
    return local.replace(tzinfo=tz, fold=0).astimezone(UTC).replace(tzinfo=None)


def shift(moment: dt.datetime, amount: int, unit: str, tz: str | ZoneInfo | None = None) -> dt.datetime:
    """``moment`` moved by ``amount`` ``unit`` (negative: earlier), naive UTC in and out."""
    if unit not in UNITS:
        raise ScheduleError(f"Unknown unit {unit!r}.", code="unknown_unit", unit=unit)
    if unit != "days":
        return moment + dt.timedelta(**{unit: amount})
    tzinfo = tz if isinstance(tz, ZoneInfo) else zone(tz)
    local = _to_local(moment, tzinfo).replace(tzinfo=None)
    return _to_utc(local + dt.timedelta(days=amount), tzinfo)


def week_type(day: dt.date) -> int:
    """0 or 1: the week parity Odoo's two-week calendars use (``resource``'s ``get_week_type``)."""
    return int(math.floor((day.toordinal() - 1) / 7) % 2)


@dataclass(frozen=True)
class Window:
    """Open on ``weekday`` (0 = Monday) from ``start`` to ``end`` hours (floats, 24 = midnight).

    ``week`` restricts the window to even (0) or odd (1) weeks of a two-week calendar;
    ``first_day`` / ``last_day`` to a range of dates, as Odoo's attendances allow.
    """

    weekday: int
    start: float
    end: float
    week: int | None = None
    first_day: dt.date | None = None
    last_day: dt.date | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ScheduleError(f"Weekday {self.weekday} is not 0-6.", code="bad_weekday", weekday=self.weekday)
        if not 0 <= self.start < self.end <= 24:
            raise ScheduleError(
                f"A window must start before it ends, within a day ({self.start}-{self.end}).",
                code="bad_window",
                start=self.start,
                end=self.end,
            )

    def applies(self, day: dt.date) -> bool:
        return (
            day.weekday() == self.weekday
            and (self.week is None or week_type(day) == self.week)
            and (self.first_day is None or day >= self.first_day)
            and (self.last_day is None or day <= self.last_day)
        )


def _at(day: dt.date, hours: float) -> dt.datetime:
    minutes = round(hours * 60)
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)


class OpeningHours:
    """Weekly opening windows in a time zone, minus closed periods (holidays).

    ``closed`` holds ``(start, end)`` naive-UTC pairs, e.g. public holidays.
    """

    def __init__(
        self,
        windows: Iterable[Window],
        tz: str | ZoneInfo | None = None,
        closed: Iterable[tuple[dt.datetime, dt.datetime]] = (),
    ) -> None:
        self.windows: Sequence[Window] = tuple(windows)
        self.tz = tz if isinstance(tz, ZoneInfo) else zone(tz)
        self.closed = sorted((start, end) for start, end in closed if end > start)

    def _day_intervals(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The day's open intervals in naive UTC, minus closed periods, sorted."""
        intervals = sorted(
            (_to_utc(_at(day, w.start), self.tz), _to_utc(_at(day, w.end), self.tz))
            for w in self.windows
            if w.applies(day)
        )
        for closed_start, closed_end in self.closed:
            cut: list[tuple[dt.datetime, dt.datetime]] = []
            for start, end in intervals:
                if closed_end <= start or closed_start >= end:
                    cut.append((start, end))
                    continue
                if start < closed_start:
                    cut.append((start, closed_start))
                if closed_end < end:
                    cut.append((closed_end, end))
            intervals = cut
        return [(start, end) for start, end in intervals if end > start]

    def is_open(self, moment: dt.datetime) -> bool:
        return self.next_open(moment, horizon_days=1) == moment

    def next_open(self, moment: dt.datetime, horizon_days: int = 400) -> dt.datetime | None:
        """``moment`` if it is inside an open window, else the start of the next one.

        ``None`` when nothing opens within ``horizon_days`` (an empty calendar, a
        holiday covering the whole horizon): the caller decides what that means.
        """
        if not self.windows:
            return None
        first = _to_local(moment, self.tz).date() - dt.timedelta(days=1)  # a window may cross UTC midnight
        for offset in range(horizon_days + 2):
            for start, end in self._day_intervals(first + dt.timedelta(days=offset)):
                if end > moment:
                    return max(start, moment)
        return None


def quiet_hours(start: float, end: float, tz: str | ZoneInfo | None) -> OpeningHours:
    """The hours SMS may be submitted every day, e.g. ``quiet_hours(8, 21, "Europe/Paris")``."""
    if not 0 <= start < end <= 24:
        raise ScheduleError(
            f"The SMS sending hours must start before they end ({start}-{end}).",
            code="bad_quiet_hours",
            start=start,
            end=end,
        )
    return OpeningHours([Window(day, start, end) for day in range(7)], tz)
