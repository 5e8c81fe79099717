import datetime as dt

from odoo import api, fields, models
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    debtor_reminder_count = fields.Integer(string="Reminders Sent", readonly=True, copy=False, default=0)
    debtor_last_reminder_date = fields.Date(string="Last Reminder", readonly=True, copy=False)
    debtor_upcoming_date = fields.Date(
        string="Reminded Before Due Date",
        readonly=True,
        copy=False,
        help="When the customer was told it falls due soon.",
    )
    debtor_reminder_line_ids = fields.One2many("debtor.reminder.line", "move_id", string="Payment Reminders")

    def init(self):
        result = super().init()
        # the candidates of a reminder run: open customer invoices by company and due date
        self.env.cr.execute(
            SQL("""CREATE INDEX IF NOT EXISTS account_move_debtor_open_idx
                   ON account_move (company_id, invoice_date_due)
                WHERE move_type = 'out_invoice' AND state = 'posted' AND payment_state IN ('not_paid', 'partial')""")
        )
        return result

    @api.model
    def _debtor_candidates(self, companies, min_days_overdue, min_days_since, customers=None, today=None):
        """Overdue customer invoices that may be reminded, in one query.

        Returns dicts (move id, partner id: the invoice address, commercial partner,
        company, due date, days overdue, residual in the invoice currency, currency,
        reminder count, last reminder date), oldest due date first. An invoice
        reminded fewer than ``min_days_since`` days ago is left out; customers
        marked "no payment reminders" are left out.
        """
        today = today or fields.Date.context_today(self)
        self.flush_model()
        self.env["res.partner"].flush_model(["debtor_no_reminder"])
        query = """
            SELECT m.id, m.partner_id, m.commercial_partner_id, m.company_id, m.invoice_date_due,
                   m.amount_residual, m.currency_id, m.debtor_reminder_count, m.debtor_last_reminder_date
              FROM account_move m
              JOIN res_partner cp ON cp.id = m.commercial_partner_id
             WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
               AND m.payment_state IN ('not_paid', 'partial') AND m.amount_residual > 0
               AND m.company_id = ANY(%(companies)s)
               AND m.invoice_date_due <= %(due_before)s
               AND (m.debtor_last_reminder_date IS NULL OR m.debtor_last_reminder_date <= %(reminded_before)s)
               AND cp.debtor_no_reminder IS NOT TRUE
        """
        params = {
            "companies": companies.ids,
            "due_before": today - dt.timedelta(days=min_days_overdue),
            "reminded_before": today - dt.timedelta(days=min_days_since),
        }
        if customers is not None:
            query += " AND m.commercial_partner_id = ANY(%(customers)s)"
            params["customers"] = customers.ids
        query += " ORDER BY m.invoice_date_due, m.id"
        self.env.cr.execute(query, params)
        keys = (
            "move_id", "partner_id", "customer_id", "company_id", "date_due",
            "amount_residual", "currency_id", "reminder_count", "last_reminder_date",
        )  # fmt: skip
        rows = [dict(zip(keys, row, strict=True)) for row in self.env.cr.fetchall()]
        for row in rows:
            row["days_overdue"] = (today - row["date_due"]).days
        return rows

    @api.model
    def _debtor_account(self, company, customers, listed=None):
        """The rest of ``customers``' account with ``company``, besides the invoices a
        reminder lists (``listed``, account.move): ``{customer id: {currency id:
        (credits, other)}}`` where ``credits`` is what their open credit notes and
        unused payments take off (negative) and ``other`` what their other open
        invoices add (not yet due, or not in the reminder), in the documents'
        currencies; one query."""
        if not customers:
            return {}
        self.env["account.move.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT p.commercial_partner_id, l.currency_id,
                      SUM(CASE WHEN l.amount_residual < 0 THEN l.amount_residual_currency ELSE 0 END),
                      SUM(CASE WHEN l.amount_residual > 0 AND NOT l.move_id = ANY(%s)
                               THEN l.amount_residual_currency ELSE 0 END)
                 FROM account_move_line l
                 JOIN account_account a ON a.id = l.account_id
                 JOIN res_partner p ON p.id = l.partner_id
                WHERE a.account_type = 'asset_receivable' AND l.reconciled IS NOT TRUE
                  AND l.parent_state = 'posted' AND l.amount_residual != 0
                  AND l.company_id = %s AND p.commercial_partner_id = ANY(%s)
             GROUP BY 1, 2""",
                listed.ids if listed else [],
                company.id,
                customers.ids,
            ),
        )
        result = {}
        for customer_id, currency_id, credits, other in self.env.cr.fetchall():
            result.setdefault(customer_id, {})[currency_id] = (credits or 0.0, other or 0.0)
        return result

    @api.model
    def _debtor_due_today(self, overdue, account):
        """``{currency: amount}`` a customer owes today, per currency: its overdue
        invoices (``overdue``: ``{currency id: amount}``), but never more than its
        whole account (``account``: ``{currency id: (credits, other)}``, see
        :meth:`_debtor_account`). Credits that a not-yet-due invoice takes back leave
        the overdue amount due; credits beyond the whole account make it negative:
        the customer owes nothing. A credit in one currency does not pay another."""
        currencies = self.env["res.currency"]
        result = {}
        for currency_id in set(overdue) | set(account):
            currency = currencies.browse(currency_id)
            late = overdue.get(currency_id, 0.0)
            credits, other = account.get(currency_id, (0.0, 0.0))
            result[currency] = currency.round(min(late, late + credits + other))
        return result

    def _debtor_is_due(self):
        """Whether this invoice still has something to pay (at send time)."""
        self.ensure_one()
        return (
            self.move_type == "out_invoice"
            and self.state == "posted"
            and self.payment_state in ("not_paid", "partial")
            and self.currency_id.compare_amounts(self.amount_residual, 0) > 0
        )

    def _debtor_not_due_reason(self):
        """Why this invoice is not reminded any more, in words."""
        self.ensure_one()
        if self.state == "cancel":
            return self.env._("Cancelled")
        if self.state != "posted":
            return self.env._("Reset to draft")
        if self.payment_state == "reversed":
            return self.env._("Credited")
        return self.env._("Paid")
