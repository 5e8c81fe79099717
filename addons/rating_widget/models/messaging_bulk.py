from odoo import models

from ..tools.widget import render_scope


class MessagingBulk(models.Model):
    _inherit = "messaging.bulk"

    def _render_one(self, record, value):
        mode = "text" if self.channel == "sms" else "html"
        with render_scope(self.env, mode, preview=bool(self.env.context.get("rw_preview"))):
            return super()._render_one(record, value)
