from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    messaging_sms_provider_mode = fields.Selection(string="Customer Messaging SMS Provider")
