from odoo import fields, models


class SmsSms(models.Model):
    _inherit = "sms.sms"

    # Odoo's module adds its own "Company" (record_company_id): the two are told apart
    messaging_company_id = fields.Many2one(string="Sending Company")
