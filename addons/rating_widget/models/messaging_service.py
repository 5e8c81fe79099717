from odoo import api, models

from ..tools.widget import render_scope


class MessagingService(models.AbstractModel):
    _inherit = "messaging.service"

    def _deliver_group(self, company, channel, kind, template, bulk, model, rows):
        with render_scope(self.env, "text" if channel == "sms" else "html"):
            return super()._deliver_group(company, channel, kind, template, bulk, model, rows)

    @api.model
    def _render_text(self, record, partner, source, mode):
        with render_scope(self.env, mode, preview=bool(self.env.context.get("rw_preview"))):
            return super()._render_text(record, partner, source, mode)
