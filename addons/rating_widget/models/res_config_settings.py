from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rw_widget_style = fields.Selection(related="company_id.rw_widget_style", readonly=False)
    rw_notify_email = fields.Char(related="company_id.rw_notify_email", readonly=False)
    rw_token_days = fields.Integer(related="company_id.rw_token_days", readonly=False)
