from odoo import api, models


class MessagingTemplatePreview(models.TransientModel):
    _inherit = "messaging.template.preview"

    @api.depends("resource_ref")
    def _compute_preview(self):
        # a preview shows the widget with links that go nowhere: no rating is requested
        return super(MessagingTemplatePreview, self.with_context(rw_preview=True))._compute_preview()

    def action_send_proof(self):
        return super(MessagingTemplatePreview, self.with_context(rw_preview=True)).action_send_proof()
