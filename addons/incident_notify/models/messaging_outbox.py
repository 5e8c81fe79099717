from odoo import fields, models


class MessagingOutbox(models.Model):
    _inherit = "messaging.outbox"

    source = fields.Selection(
        selection_add=[("incident_notify", "Ticket notice")], ondelete={"incident_notify": "cascade"}
    )
