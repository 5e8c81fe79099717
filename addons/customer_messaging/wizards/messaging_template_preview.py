from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class MessagingTemplatePreview(models.TransientModel):
    _name = "messaging.template.preview"
    _description = "Template Preview"

    template_id = fields.Many2one("messaging.template", required=True, ondelete="cascade")
    model = fields.Char(related="template_id.model")
    res_id = fields.Integer(string="Record Id")
    resource_ref = fields.Reference(
        string="Preview On", selection="_selection_target_model", compute="_compute_resource_ref", readonly=False
    )
    partner_id = fields.Many2one("res.partner", string="Customer", compute="_compute_preview")
    subject = fields.Char(compute="_compute_preview")
    body_html = fields.Html(compute="_compute_preview", sanitize=False)
    body_text = fields.Text(compute="_compute_preview")
    error = fields.Char(compute="_compute_preview")

    @api.model
    def _selection_target_model(self):
        return [(model.model, model.name) for model in self.env["ir.model"].sudo().search([("transient", "=", False)])]

    @api.depends("template_id", "res_id")
    def _compute_resource_ref(self):
        for preview in self:
            model = preview.template_id.model
            if not model:
                preview.resource_ref = False
                continue
            record = (
                self.env[model].browse(preview.res_id).exists()
                if preview.res_id
                else self.env[model].search([], limit=1)
            )
            preview.resource_ref = f"{model},{record.id or 0}" if record else False

    def _target(self):
        self.ensure_one()
        record = self.resource_ref
        if not record:
            return None, None
        fname = record._messaging_customer_field()
        partner = (record if fname == "id" else record[fname]) if fname else self.env.user.partner_id
        return record, partner or self.env.user.partner_id

    @api.depends("resource_ref")
    def _compute_preview(self):
        for preview in self:
            record, partner = preview._target()
            preview.partner_id = partner
            preview.subject = preview.body_html = preview.body_text = preview.error = False
            if not record:
                continue
            try:
                # a preview: computed tags (the rating widget) show links that go nowhere, write nothing
                subject, body = preview.template_id.with_context(messaging_preview=True)._render_one(
                    record._messaging_template_values(partner)[0], lang=partner._messaging_lang()
                )
            except UserError as error:
                preview.error = error.args[0]
                continue
            preview.subject = subject
            if preview.template_id.channel == "sms":
                preview.body_text = body
            else:
                preview.body_html = preview._full_html(body, record)

    def _full_html(self, body, record):
        if self.template_id._messaging_full_email():
            return Markup(self.env["messaging.service"]._full_email(str(body)))  # noqa: S704 - body was Markup
        company = record._messaging_company()
        frame = self.env["messaging.service"]._frame(company)
        return frame.replace(Markup("<!--CM_BODY-->"), body)  # frame and body are both Markup

    def action_send_proof(self):
        """Email the rendered template to the current user, marked as a proof."""
        self.ensure_one()
        if not self.env.user.email:
            raise UserError(self.env._("Set an email address on your user to receive proofs."))
        record, partner = self._target()
        if not record:
            raise UserError(self.env._("There is no document to preview this template on."))
        subject, body = self.template_id.with_context(messaging_preview=True)._render_one(
            record._messaging_template_values(partner)[0], lang=partner._messaging_lang()
        )
        if self.template_id.channel == "sms":
            body = Markup("<pre>%s</pre>") % body
        else:
            body = self._full_html(body, record)
        self.env["mail.mail"].sudo().create(
            {
                "subject": self.env._("[Proof] %s", subject or self.template_id.name),
                "body_html": body,
                "email_to": self.env.user.email_formatted,
                "email_from": self.env.company.email_formatted or self.env.user.email_formatted,
                "auto_delete": True,
            }
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("A proof is on its way to %s.", self.env.user.email),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
