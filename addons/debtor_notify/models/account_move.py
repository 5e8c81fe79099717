import datetime as dt

from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    debtor_reminder_count = fields.Integer(string="Reminders Sent", readonly=True, copy=False, default=0)
    debtor_last_reminder_date = fields.Date(string="Last Reminder", readonly=True, copy=False)
    debtor_reminder_line_ids = fields.One2many("debtor.reminder.line", "move_id", string="Payment Reminders")

    def init(self):
        result = super().init()
        # the candidates of a reminder run: open customer invoices by company and due date
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS account_move_debtor_open_idx
                   ON account_move (company_id, invoice_date_due)
                WHERE move_type = 'out_invoice' AND state = 'posted' AND payment_state IN ('not_paid', 'partial')"""
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
    def _debtor_open_credits(self, company, customers):
        """What reduces what ``customers`` owe ``company``: their open credit notes and
        unreconciled payments, ``{customer id: {currency id: amount}}`` (negative
        amounts, in the document's currency), in one query."""
        if not customers:
            return {}
        self.env["account.move.line"].flush_model()
        self.env.cr.execute(
            """SELECT p.commercial_partner_id, l.currency_id, SUM(l.amount_residual_currency)
                 FROM account_move_line l
                 JOIN account_account a ON a.id = l.account_id
                 JOIN res_partner p ON p.id = l.partner_id
                WHERE a.account_type = 'asset_receivable' AND l.reconciled IS NOT TRUE
                  AND l.parent_state = 'posted' AND l.amount_residual < 0
                  AND l.company_id = %s AND p.commercial_partner_id = ANY(%s)
             GROUP BY 1, 2""",
            (company.id, customers.ids),
        )
        result = {}
        for customer_id, currency_id, amount in self.env.cr.fetchall():
            result.setdefault(customer_id, {})[currency_id] = amount
        return result

    @api.model
    def _debtor_net_due(self, owed, credits):
        """``{currency: net}``: what is owed (``{currency id: amount}`` of overdue
        invoices) less the open credits, per currency (a credit in one currency does
        not pay another). Something is due when one of them is positive."""
        currencies = self.env["res.currency"]
        net = {}
        for currency_id in set(owed) | set(credits):
            currency = currencies.browse(currency_id)
            amount = owed.get(currency_id, 0.0) + credits.get(currency_id, 0.0)
            net[currency] = currency.round(amount)
        return net

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
