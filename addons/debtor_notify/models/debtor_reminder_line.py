from odoo import fields, models


class DebtorReminderLine(models.Model):
    """One document of a reminder: an overdue invoice, or an open credit note or
    unreconciled payment that reduces what is due; amounts as of the sending."""

    _name = "debtor.reminder.line"
    _description = "Payment Reminder Line"
    _order = "reminder_id, kind, date_due, id"

    reminder_id = fields.Many2one("debtor.reminder", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="reminder_id.company_id", store=True)
    move_id = fields.Many2one("account.move", string="Document", required=True, ondelete="cascade", index=True)
    kind = fields.Selection(
        [
            ("invoice", "Overdue invoice"),
            ("credit", "Credit note"),
            ("payment", "Unreconciled payment"),
            ("open", "Other open invoice"),
            ("debit", "Other amount due"),
        ],
        required=True,
        default="invoice",
    )
    state = fields.Selection(
        [("todo", "To remind"), ("reminded", "Reminded"), ("dropped", "Not reminded")],
        required=True,
        default="todo",
    )
    drop_reason = fields.Char(string="Why Not Reminded")
    date_due = fields.Date(string="Due Date")
    days_overdue = fields.Integer(string="Days Overdue")
    currency_id = fields.Many2one("res.currency", required=True)
    amount_residual = fields.Monetary(string="Amount Due", currency_field="currency_id")
