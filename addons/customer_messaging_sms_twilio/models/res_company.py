from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # Odoo's module calls its own choice "SMS Provider" too: the two are told apart
    messaging_sms_provider_mode = fields.Selection(string="Customer Messaging SMS Provider")

    @api.constrains("messaging_sms_provider_mode", "sms_provider")
    def _check_one_sms_provider(self):
        """A company's SMS leave through one provider, chosen in Settings: Odoo's Twilio
        module (``sms_provider``) or the suite's own providers, never both. Each SMS is
        handed to one of them in ``sms.sms._send`` (the suite keeps the SMS of companies
        on its own providers, and passes the others on to Odoo's, Twilio included), so
        with one provider per company no SMS can leave twice nor be left behind."""
        for company in self:
            if company.messaging_sms_provider_mode == "own" and company.sms_provider == "twilio":
                raise ValidationError(
                    self.env._(
                        "%(company)s: choose one SMS provider. Odoo's Twilio (“Send via Twilio”) and the "
                        "Customer Messaging providers cannot both send this company's SMS: set the other "
                        "one back to Odoo (IAP) first.",
                        company=company.name,
                    )
                )
