from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    cm_sms_provider_mode = fields.Selection(
        [("iap", "Odoo IAP"), ("own", "Own providers (Twilio, sandbox)")],
        string="SMS Provider",
        required=True,
        default="iap",
        help="Odoo IAP: SMS leave through Odoo's own service, as without this module. "
        "Own providers: SMS leave through this company's SMS providers.",
    )
    cm_sms_provider_ids = fields.One2many("messaging.sms.provider", "company_id", string="SMS Providers")

    @api.constrains("cm_sms_provider_mode")
    def _check_cm_sms_provider_mode(self):
        for company in self.filtered(lambda c: c.cm_sms_provider_mode == "own"):
            if not self.env["messaging.sms.provider"].sudo().search_count([("company_id", "=", company.id)], limit=1):
                raise ValidationError(
                    self.env._(
                        'Add an SMS provider for %(company)s before choosing "Own providers".',
                        company=company.name,
                    )
                )
