from odoo import api, models


class MailTemplatePreview(models.TransientModel):
    _inherit = "mail.template.preview"

    @api.depends("lang", "resource_ref")
    def _compute_mail_template_fields(self):
        """A preview of an Odoo email template shows the widget with sample links:
        no rating is requested from the customer it is previewed on."""
        return super(MailTemplatePreview, self.with_context(messaging_preview=True))._compute_mail_template_fields()
