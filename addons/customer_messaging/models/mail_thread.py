from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _notify_by_email_get_headers(self, headers=None):
        """Urgent customer messages are marked high priority for mail programs."""
        headers = super()._notify_by_email_get_headers(headers=headers)
        if self.env.context.get("cm_urgent"):
            headers.update({"X-Priority": "1", "Importance": "High"})
        return headers
