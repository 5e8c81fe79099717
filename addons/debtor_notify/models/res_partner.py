from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    debtor_no_reminder = fields.Boolean(
        string="No Payment Reminders",
        default=lambda self: not self.env.company.debtor_reminder_default,
        copy=False,
        help="This customer never receives unpaid-invoice reminders, manual or automatic.",
    )
    debtor_last_reminder_date = fields.Date(
        string="Last Payment Reminder", company_dependent=True, readonly=True, copy=False
    )
    debtor_level_id = fields.Many2one(
        "debtor.reminder.level",
        string="Reminder Level Reached",
        company_dependent=True,
        readonly=True,
        copy=False,
        help="The last level of automatic reminders sent; back to none once nothing is overdue.",
    )
    debtor_reminder_count = fields.Integer(string="Payment Reminders", compute="_compute_debtor_reminder_count")

    def _compute_debtor_reminder_count(self):
        counts = dict(
            self.env["debtor.reminder"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids), ("state", "=", "sent")],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.debtor_reminder_count = counts.get(partner.commercial_partner_id, 0)

    @api.model
    def _commercial_fields(self):
        return [*super()._commercial_fields(), "debtor_no_reminder"]

    def action_debtor_notify(self):
        """The unpaid-invoice reminder wizard for these customers."""
        return self.env["debtor.notify.wizard"]._debtor_wizard_action(self.commercial_partner_id)

    def action_debtor_open_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("debtor_notify.debtor_reminder_action")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        return action

    def _debtor_statement_filename(self):
        """The statement's file name, in the language of ``self.env``: the same when
        printed and when attached to a reminder."""
        self.ensure_one()
        return "{} - {}".format(self.env._("Statement"), self.commercial_partner_id.name or "").replace("/", "_")

    def _debtor_statement_lines(self):
        """The open items of this customer in the current company, oldest first:
        unreconciled receivable lines of posted entries (invoices, credit notes,
        payments not yet matched), with their open amount in their currency."""
        self.ensure_one()
        return (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", self.commercial_partner_id.id),
                    ("company_id", "=", self.env.company.id),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("amount_residual", "!=", 0),
                ],
                order="date_maturity, date, id",
            )
        )

    def _debtor_statement_totals(self, lines):
        """``[(currency, open amount, overdue amount)]`` of ``lines``, per currency."""
        today = fields.Date.context_today(self)
        totals = {}
        for line in lines:
            currency = line.currency_id or line.company_currency_id
            amount = line.amount_residual_currency if line.currency_id else line.amount_residual
            open_amount, overdue = totals.get(currency, (0.0, 0.0))
            due = line.date_maturity or line.date
            totals[currency] = (open_amount + amount, overdue + (amount if due < today and amount > 0 else 0.0))
        return [(currency, *values) for currency, values in totals.items()]
