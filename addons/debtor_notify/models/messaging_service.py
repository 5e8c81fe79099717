from odoo import models


class MessagingService(models.AbstractModel):
    _inherit = "messaging.service"

    def _cm_deliver_group(self, company, channel, kind, template, bulk, model, rows):
        """Reminders record what became of their messages once they are posted (or
        skipped), in the same transaction: invoice counters, chatter, links' expiry."""
        result = super()._cm_deliver_group(company, channel, kind, template, bulk, model, rows)
        if model == "debtor.reminder":
            self.env["debtor.reminder"].browse(rows.mapped("res_id")).exists()._debtor_after_delivery()
        return result
