from odoo import fields, models

CONSENT_SOURCES = [
    ("manual", "Set by a user"),
    ("import", "Import"),
    ("unsubscribe", "Unsubscribe link"),
    ("sms_reply", "SMS reply (STOP / START)"),
    ("portal", "Customer portal"),
    ("api", "Integration"),
]


class MessagingConsentLog(models.Model):
    _name = "messaging.consent.log"
    _description = "Customer Consent Change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True)
    channel = fields.Selection([("email", "Email"), ("sms", "SMS")], required=True)
    accepted = fields.Boolean(string="Accepts")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    source = fields.Selection(CONSENT_SOURCES, required=True, default="manual")
    user_id = fields.Many2one("res.users", string="Changed By", ondelete="set null")
    note = fields.Char()
