from odoo import fields, models


class DebtorNotifyWizardLine(models.TransientModel):
    _name = "debtor.notify.wizard.line"
    _description = "Unpaid Invoice Reminder Wizard Line"
    _order = "customer_id, date_due, id"

    wizard_id = fields.Many2one("debtor.notify.wizard", required=True, ondelete="cascade")
    selected = fields.Boolean(string="Remind", default=True)
    move_id = fields.Many2one("account.move", string="Invoice", required=True, ondelete="cascade")
    customer_id = fields.Many2one("res.partner", string="Customer")
    partner_id = fields.Many2one("res.partner", string="Recipient", help="The invoice address.")
    date_due = fields.Date(string="Due Date")
    days_overdue = fields.Integer(string="Days Overdue")
    currency_id = fields.Many2one("res.currency")
    amount_residual = fields.Monetary(string="Amount Due", currency_field="currency_id")
    reminder_count = fields.Integer(string="Reminders")
    last_reminder_date = fields.Date(string="Last Reminder")
    level_id = fields.Many2one("debtor.reminder.level", string="Level")
    balance = fields.Monetary(
        string="Customer Balance",
        currency_field="currency_id",
        help="What the customer owes in this currency: the overdue invoices listed less their open credit notes "
        "and payments. Nothing is sent to a customer who owes nothing.",
    )
    skip_reason = fields.Char(string="Warning", help="Why this customer will not receive the reminder.")
