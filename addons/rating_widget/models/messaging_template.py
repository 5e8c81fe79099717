from odoo import models

from ..tools.widget import render_scope


class MessagingTemplate(models.Model):
    _inherit = "messaging.template"

    def _render_one(self, value, *, record=None):
        mode = "text" if self.channel == "sms" else "html"
        with render_scope(self.env, mode, preview=bool(self.env.context.get("rw_preview"))):
            return super()._render_one(value, record=record)
