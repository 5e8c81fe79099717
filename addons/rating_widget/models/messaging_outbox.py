from odoo import fields, models


class MessagingOutbox(models.Model):
    _inherit = "messaging.outbox"

    source = fields.Selection(
        selection_add=[("rating_reminder", "Rating reminder")], ondelete={"rating_reminder": "cascade"}
    )
