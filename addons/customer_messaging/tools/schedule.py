"""Odoo records → :mod:`messaging_core.schedule` (calendars, zones, SMS hours).

Built once per transaction and kept in ``cr.cache``: a batch of notifications for
one company reads its calendar once.
"""

import datetime as dt

from messaging_core.phone import time_zone_of
from messaging_core.schedule import OpeningHours, ScheduleError, Window, quiet_hours, zone

HORIZON_DAYS = 400


def company_zone(company):
    """The company's time zone: its working hours' zone, else its address's, else UTC."""
    company = company.sudo()
    name = company.resource_calendar_id.tz or company.partner_id.tz or "UTC"
    try:
        return zone(name)
    except ScheduleError:
        return zone("UTC")


def opening_hours(calendar):
    """:class:`OpeningHours` of a ``resource.calendar`` (attendances minus its global
    leaves for the next year), or ``None`` when it has no fixed hours."""
    if not calendar:
        return None
    cache = calendar.env.cr.cache.setdefault("customer_messaging_hours", {})
    if calendar.id in cache:
        return cache[calendar.id]
    calendar = calendar.sudo()
    if calendar.flexible_hours:
        cache[calendar.id] = None
        return None
    windows = []
    for attendance in calendar.attendance_ids:
        if attendance.display_type or attendance.day_period == "lunch" or attendance.resource_id:
            continue
        if attendance.hour_to <= attendance.hour_from:
            continue
        windows.append(
            Window(
                int(attendance.dayofweek),
                attendance.hour_from,
                min(attendance.hour_to, 24.0),
                week=int(attendance.week_type) if calendar.two_weeks_calendar and attendance.week_type else None,
                first_day=attendance.date_from or None,
                last_day=attendance.date_to or None,
            )
        )
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    closed = [
        (leave.date_from, leave.date_to)
        for leave in calendar.global_leave_ids
        if leave.date_to >= now - dt.timedelta(days=1) and leave.date_from <= now + dt.timedelta(days=HORIZON_DAYS)
    ]
    try:
        hours = OpeningHours(windows, calendar.tz or "UTC", closed) if windows else None
    except ScheduleError:
        hours = None
    cache[calendar.id] = hours
    return hours


def recipient_zone(company, partner):
    """The recipient's local zone: theirs, else their mobile number's, else the company's."""
    partner = partner.sudo()
    for name in (partner.tz, time_zone_of(partner.messaging_mobile_e164)):
        if name:
            try:
                return zone(name)
            except ScheduleError:
                continue
    return company_zone(company)


def sms_hours(company, partner):
    """When an SMS may be submitted to ``partner`` (the company's SMS hours, their zone)."""
    company = company.sudo()
    start, end = company.messaging_sms_hours_start, company.messaging_sms_hours_end
    if not (0 <= start < end <= 24):
        start, end = 8.0, 21.0
    return quiet_hours(start, end, recipient_zone(company, partner))
