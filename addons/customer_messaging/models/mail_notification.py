from odoo import fields, models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    # an SMS refused because its number opted out, shown as such in the chatter
    failure_type = fields.Selection(
        selection_add=[
            ("sms_optout", "Opted Out"),
            ("sms_blacklist", "Blacklisted"),
        ]
    )
