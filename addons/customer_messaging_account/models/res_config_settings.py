from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    messaging_credit_hold_overdue_days = fields.Integer(
        related="company_id.messaging_credit_hold_overdue_days", readonly=False
    )
