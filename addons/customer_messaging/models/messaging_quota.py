import datetime as dt

from odoo import api, fields, models
from odoo.tools import SQL

from messaging_core.quota import grant, next_window, period_starts, remaining


class MessagingQuotaUsage(models.Model):
    """Messages counted against a company's daily and monthly limits.

    One row per (company, channel, period, start).  A reservation locks the day and
    month rows (``FOR UPDATE``) in the sender's transaction and raises them by what
    fits, so two workers sending at once can never pass a limit together: the
    second waits, then sees the first one's count (or retries its batch).
    """

    _name = "messaging.quota.usage"
    _description = "Sending Limit Usage"
    _order = "period_start desc, id desc"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    channel = fields.Selection([("email", "Email"), ("sms", "SMS")], required=True, readonly=True)
    period = fields.Selection([("day", "Day"), ("month", "Month")], required=True, readonly=True)
    period_start = fields.Date(required=True, readonly=True)
    used = fields.Integer(readonly=True)

    _sql_constraints = [
        ("period_unique", "UNIQUE(company_id, channel, period, period_start)", "One counter per period."),
    ]

    def _now(self):
        return fields.Datetime.now().replace(tzinfo=dt.timezone.utc)

    def _tz(self, company):
        # the company's own day, whoever sends and whoever runs the job
        return company.partner_id.tz or "UTC"

    @api.model
    def _usage(self, company, channel, *, lock=False):
        """``{period: (start, used)}`` for the current day and month."""
        starts = period_starts(self._now(), self._tz(company))
        cr = self.env.cr
        cr.execute(
            SQL(
                """
            INSERT INTO messaging_quota_usage (company_id, channel, period, period_start, used,
                                               create_uid, write_uid, create_date, write_date)
            VALUES (%(company)s, %(channel)s, 'day', %(day)s, 0, %(uid)s, %(uid)s, %(now)s, %(now)s),
                   (%(company)s, %(channel)s, 'month', %(month)s, 0, %(uid)s, %(uid)s, %(now)s, %(now)s)
            ON CONFLICT DO NOTHING
            """,
                company=company.id,
                channel=channel,
                day=starts["day"],
                month=starts["month"],
                uid=self.env.uid,
                now=fields.Datetime.now(),
            ),
        )
        cr.execute(
            SQL(
                """
                SELECT period, used FROM messaging_quota_usage
                 WHERE company_id = %s AND channel = %s
                   AND ((period = 'day' AND period_start = %s) OR (period = 'month' AND period_start = %s))
                 ORDER BY period %s
                """,
                company.id,
                channel,
                starts["day"],
                starts["month"],
                SQL("FOR UPDATE") if lock else SQL(),
            )
        )
        used = dict(cr.fetchall())
        return {period: (starts[period], used.get(period, 0)) for period in ("day", "month")}

    @api.model
    def _remaining(self, company, channel):
        """Messages that still fit now, or ``None`` when the company has no limit."""
        usage = self._usage(company, channel)
        limit_day, limit_month = company._messaging_limits(channel)
        return remaining(usage["day"][1], usage["month"][1], limit_day, limit_month)

    @api.model
    def _reserve(self, company, channel, requested):
        """Count up to ``requested`` messages; returns the ``Allowance``.

        Runs in the caller's transaction: if the caller rolls back, so does the count.
        """
        limit_day, limit_month = company._messaging_limits(channel)
        usage = self._usage(company, channel, lock=bool(limit_day or limit_month))
        allowance = grant(requested, usage["day"][1], usage["month"][1], limit_day, limit_month)
        if allowance.granted:
            self.env.cr.execute(
                SQL(
                    """
                UPDATE messaging_quota_usage SET used = used + %s, write_date = now() at time zone 'UTC'
                 WHERE company_id = %s AND channel = %s
                   AND ((period = 'day' AND period_start = %s) OR (period = 'month' AND period_start = %s))
                """,
                    allowance.granted,
                    company.id,
                    channel,
                    usage["day"][0],
                    usage["month"][0],
                ),
            )
        return allowance

    @api.model
    def _next_window(self, company, period):
        return next_window(self._now(), period, self._tz(company)).replace(tzinfo=None)
