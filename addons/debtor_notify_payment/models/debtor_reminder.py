from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount, format_date


class DebtorReminder(models.Model):
    _inherit = "debtor.reminder"

    transaction_ids = fields.One2many(
        "payment.transaction",
        "debtor_reminder_id",
        string="Online Payments",
        readonly=True,
        help="Payments the customer started from this reminder's page.",
    )
    transaction_count = fields.Integer(compute="_compute_transaction_count", string="Online Payment Count")

    def _compute_transaction_count(self):
        counts = dict(
            self.env["payment.transaction"]
            .sudo()
            ._read_group([("debtor_reminder_id", "in", self.ids)], ["debtor_reminder_id"], ["__count"])
        )
        for reminder in self:
            reminder.transaction_count = counts.get(reminder, 0)

    def action_view_transactions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Online Payments"),
            "res_model": "payment.transaction",
            "view_mode": "list,form",
            "domain": [("debtor_reminder_id", "=", self.id)],
            "context": {"create": False},
        }

    def _debtor_pay_all(self, currency):
        """What one payment of everything due in ``currency`` settles, as things are
        now (not as of the sending): ``(invoices, amount)``.

        ``invoices`` are the reminded invoices of that currency Odoo lets the
        customer pay online (posted, still open, no payment pending: its own
        ``_has_to_be_paid``); ``amount`` is what the reminder calls the total due,
        counted on today's figures: those invoices, less the customer's open credit
        notes and unused payments beyond their other open invoices (see
        ``account.move._debtor_due_today``). ``amount`` is 0 when nothing is left
        to pay."""
        self.ensure_one()
        reminder = self.sudo()
        if not reminder.company_id.debtor_pay_all:
            return self.env["account.move"], 0.0
        invoices = reminder.line_ids.filtered(
            lambda line: line.kind == "invoice" and line.state == "reminded" and line.currency_id == currency
        ).move_id
        invoices.invalidate_recordset()  # paid a minute ago in another transaction: read again
        invoices = invoices.filtered(lambda move: move._debtor_is_due() and move._has_to_be_paid())
        if not invoices:
            return invoices, 0.0
        moves = self.env["account.move"].sudo()
        customer = reminder.commercial_partner_id
        account = moves._debtor_account(reminder.company_id, customer, listed=invoices).get(customer.id, {})
        late = {currency.id: sum(invoices.mapped("amount_residual"))}
        amount = moves._debtor_due_today(late, {currency.id: account.get(currency.id, (0.0, 0.0))})[currency]
        if currency.compare_amounts(amount, 0) <= 0:
            return invoices.browse(), 0.0
        return invoices, amount

    def _debtor_pay_all_currencies(self):
        """``[(currency, amount)]`` the customer can pay in one go now, by currency
        (none when the company offers no such payment or has no payment provider)."""
        self.ensure_one()
        if not self.company_id.debtor_pay_all or not self._debtor_has_provider(self.company_id):
            return []
        currencies = self.line_ids.filtered(lambda line: line.kind == "invoice").currency_id
        result = []
        for currency in currencies.sorted("name"):
            __, amount = self._debtor_pay_all(currency)
            if amount:
                result.append((currency, amount))
        return result

    def _debtor_payments_made(self):
        """The online payments made from this reminder's page, newest first, as the
        customer reads them: ``[(done, sentence)]`` for those confirmed (``done``),
        authorised or waiting for the provider; in the language of ``self.env``."""
        self.ensure_one()
        env = self.env
        transactions = self.sudo().transaction_ids.filtered(
            lambda tx: tx.state in ("pending", "authorized", "done") and tx.operation != "validation"
        )
        made = []
        for tx in transactions.sorted(lambda tx: (tx.last_state_change or tx.create_date, tx.id), reverse=True):
            amount = format_amount(env, tx.amount, tx.currency_id)
            if tx.state == "done":
                date = format_date(env, fields.Date.context_today(self, tx.last_state_change))
                made.append(
                    (
                        True,
                        env._(
                            "We received your payment of %(amount)s on %(date)s. Thank you!", amount=amount, date=date
                        ),
                    )
                )
            else:
                made.append(
                    (
                        False,
                        env._(
                            "Your payment of %(amount)s is being processed: "
                            "this page will show it once it is confirmed.",
                            amount=amount,
                        ),
                    )
                )
        return made

    def _debtor_settle_credits(self, invoices, payment):
        """After ``payment`` paid the total due: the credits the total left out
        (open credit notes, unused payments of the customer, in its currency) settle
        what the payment did not cover of ``invoices``, as the page promised."""
        self.ensure_one()
        currency = payment.currency_id
        open_lines = invoices.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        )
        if not open_lines:
            return
        credits = self.env["account.move.line"].search(
            [
                ("account_id", "in", open_lines.account_id.ids),
                ("reconciled", "=", False),
                ("parent_state", "=", "posted"),
                ("amount_residual", "<", 0),
                ("partner_id", "child_of", self.commercial_partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("currency_id", "=", currency.id),
            ],
            order="date, id",
        )
        by_account = defaultdict(lambda: self.env["account.move.line"])
        for line in open_lines | credits:
            by_account[line.account_id] |= line
        for lines in by_account.values():
            if not (
                lines.filtered(lambda line: line.amount_residual < 0)
                and lines.filtered(lambda line: line.amount_residual > 0)
            ):
                continue
            try:
                with self.env.cr.savepoint():
                    lines.reconcile()
            except (UserError, ValidationError) as error:
                # the payment itself is kept: an accountant matches the credits by hand
                self.message_post(
                    body=self.env._(
                        "The online payment %(payment)s is recorded, but the credit notes and payments the total "
                        "deducted could not be matched with the invoices: match them by hand (%(error)s).",
                        payment=payment.name,
                        error=error,
                    )
                )
