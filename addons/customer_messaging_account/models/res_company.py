from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    messaging_credit_hold_overdue_days = fields.Integer(
        string="Credit Hold: Days Overdue",
        default=30,
        help="A customer is on credit hold when one of their invoices is overdue for longer "
        "than this (0: overdue invoices never hold credit).",
    )

    @api.constrains("messaging_credit_hold_overdue_days")
    def _check_messaging_credit_hold_overdue_days(self):
        if any(company.messaging_credit_hold_overdue_days < 0 for company in self):
            raise ValidationError(self.env._("The days overdue before a credit hold cannot be negative."))
