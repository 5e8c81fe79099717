from odoo import fields, models


class MessagingOutbox(models.Model):
    _inherit = "messaging.outbox"

    source = fields.Selection(
        selection_add=[("debtor_notify", "Payment reminder")], ondelete={"debtor_notify": "cascade"}
    )
