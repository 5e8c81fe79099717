from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from messaging_core.sms_text import analyze


class MessagingComposer(models.TransientModel):
    """Write to one customer (posted now) or to many (a bulk send through the outbox)."""

    _name = "messaging.composer"
    _inherit = ["messaging.code.guard"]
    _description = "Write to Customers"
    _messaging_code_fields = ("subject", "body", "sms_body")
    _messaging_code_template_field = "template_id"

    channel = fields.Selection([("email", "Email"), ("sms", "SMS")], required=True, default="email")
    res_model = fields.Char(string="Document Model")
    res_id = fields.Integer(string="Document")
    record_name = fields.Char(compute="_compute_record_name", string="About")
    partner_ids = fields.Many2many("res.partner", string="To", required=True)
    cc_partner_ids = fields.Many2many(
        "res.partner", "messaging_composer_cc_rel", "composer_id", "partner_id", string="Copy To"
    )
    is_bulk = fields.Boolean(compute="_compute_is_bulk")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    template_id = fields.Many2one(
        "messaging.template",
        string="Template",
        domain="[('channel', '=', channel), ('model', 'in', [res_model or 'res.partner', 'res.partner']), "
        "('company_id', 'in', [company_id, False])]",
        compute="_compute_template_id",
        store=True,
        readonly=False,
    )
    template_note = fields.Text(related="template_id.note", string="Instructions")
    subject = fields.Char(compute="_compute_content", store=True, readonly=False)
    body = fields.Html(compute="_compute_content", store=True, readonly=False, sanitize=True)
    sms_number = fields.Char(
        string="To Number",
        readonly=True,
        help="The number the customer wrote from: the answer goes there, not to the mobile on their card.",
    )
    sms_body = fields.Text(string="SMS Text", compute="_compute_content", store=True, readonly=False)
    sms_max_length = fields.Integer(related="company_id.messaging_sms_max_length")
    sms_info = fields.Char(string="Length", compute="_compute_sms_info")
    is_private = fields.Boolean(
        string="Private", help="Only you and the recipients see this message, not the others who can see the document."
    )
    is_urgent = fields.Boolean(string="Urgent", help="Marked as high priority for the recipient's mail program.")
    create_task = fields.Boolean(string="Task", help="Also plan a to-do for this message on the document.")
    task_date = fields.Date(string="Task Date", default=fields.Date.context_today)
    task_user_id = fields.Many2one("res.users", string="Task For", default=lambda self: self.env.user)
    also_sms = fields.Boolean(
        string="Also by SMS", compute="_compute_also", store=True, readonly=False, help="Send the text by SMS as well."
    )
    also_email = fields.Boolean(
        string="Also by Email",
        compute="_compute_also",
        store=True,
        readonly=False,
        help="Send the SMS by email as well.",
    )
    copy_followers = fields.Boolean(string="Copy to Followers", help="The document's followers get a copy.")
    attach_history = fields.Boolean(string="Attach Message History (PDF)")
    history_date_from = fields.Date(
        string="History From", default=lambda self: fields.Date.context_today(self).replace(day=1)
    )
    history_date_to = fields.Date(string="History To", default=fields.Date.context_today)
    recipient_summary = fields.Html(compute="_compute_recipient_summary", sanitize=False)
    preview = fields.Html(string="Preview", compute="_compute_preview", sanitize=False)

    @api.depends("partner_ids")
    def _compute_is_bulk(self):
        for composer in self:
            composer.is_bulk = len(composer.partner_ids) > 1

    @api.depends("res_model", "res_id")
    def _compute_record_name(self):
        for composer in self:
            record = composer._record()
            composer.record_name = record.display_name if record and record._name != "res.partner" else False

    @api.depends("channel", "company_id")
    def _compute_template_id(self):
        for composer in self:
            default = (
                composer.company_id.messaging_default_sms_template_id
                if composer.channel == "sms"
                else composer.company_id.messaging_default_email_template_id
            )
            model = composer.res_model or "res.partner"
            composer.template_id = default if default and default.model in (model, "res.partner") else False

    @api.depends("channel", "company_id")
    def _compute_also(self):
        for composer in self:
            composer.also_sms = composer.channel == "email" and composer.company_id.messaging_copy_by_sms
            composer.also_email = composer.channel == "sms" and composer.company_id.messaging_copy_by_email

    @api.depends("template_id")
    def _compute_content(self):
        """The template's texts, tags and all: they are rendered once, for each
        customer, when sent (a customer's name is data, never template code); the
        preview shows the result."""
        for composer in self:
            template = composer._template_in_language()
            if not template:
                continue
            composer.subject = template.subject
            composer.body = template.body_html if template.design != "blocks" else False
            composer.sms_body = template.body_text

    @api.depends("template_id", "partner_ids", "subject", "body", "sms_body", "channel", "res_model", "res_id")
    def _compute_preview(self):
        for composer in self:
            composer.preview = False
            if composer.is_bulk or not composer.partner_ids:
                continue
            try:
                subject, body = composer.with_context(messaging_preview=True)._rendered()
            except (UserError, ValidationError) as error:
                composer.preview = Markup('<div class="alert alert-danger mb-0">%s</div>') % error.args[0]
                continue
            if composer.channel == "sms":
                body = Markup("<p>%s</p>") % Markup("<br/>").join((body or "").splitlines())
            else:
                body = tools.html_sanitize(body or "")  # rendered from a sanitised source; shown as HTML
            heading = Markup("<p><strong>%s</strong></p>") % subject if subject and composer.channel == "email" else ""
            composer.preview = heading + body

    def _template_in_language(self):
        """The template read in the language its texts are shown in: the recipient's when
        there is one, else the user's (each recipient of a bulk gets their own language
        when the texts are left unchanged)."""
        template = self.template_id
        if not template:
            return template
        partners = self.partner_ids._origin
        lang = partners._messaging_lang(self.company_id) if len(partners) == 1 else self.env.lang
        return template.with_context(lang=lang)

    def _template_unchanged(self):
        """Whether the texts are still the template's (then the template renders them)."""
        template = self._template_in_language()
        if not template or (self.subject or "") != (template.subject or ""):
            return False
        if self.channel == "sms":
            return (self.sms_body or "") == (template.body_text or "")
        if template.design == "blocks":
            return not tools.html2plaintext(self.body or "").strip()
        return tools.html2plaintext(self.body or "") == tools.html2plaintext(template.body_html or "")

    def _rendered(self):
        """``(subject, body)`` for the one recipient, rendered once: by the template when
        its texts are unchanged, else from what the user wrote (tags, and code for
        template designers)."""
        self.ensure_one()
        partner = self.partner_ids[:1]._origin
        record = self._record() or partner
        template = self.template_id
        if self._template_unchanged() and template.model in (record._name, "res.partner"):
            target = record if template.model == record._name else partner
            lang = partner._messaging_lang(record._messaging_company())
            return template._render_one(target._messaging_template_values(partner)[0], lang=lang)
        service = self.env["messaging.service"]
        subject = service._render_text(record, partner, self.subject or "", "text")
        if self.channel == "sms":
            return subject, service._render_text(record, partner, self.sms_body or "", "text")
        return subject, service._render_text(record, partner, self.body or "", "html")

    @api.depends("sms_body", "channel", "company_id", "template_id", "partner_ids", "res_model", "res_id")
    def _compute_sms_info(self):
        """The length of the SMS as the customer gets it (tags replaced) when there is
        one recipient, of the text as written otherwise."""
        for composer in self:
            text = composer.sms_body or ""
            if composer.channel == "sms" and not composer.is_bulk and composer.partner_ids and text:
                try:
                    text = composer.with_context(messaging_preview=True)._rendered()[1] or ""
                except (UserError, ValidationError):
                    pass
            if text == (composer.sms_body or ""):
                composer.sms_info = False  # the text field's own counter says it all
                continue
            info = analyze(text)
            composer.sms_info = self.env._(
                "%(chars)s / %(max)s characters, %(segments)s SMS (%(encoding)s)",
                chars=info.characters,
                max=composer.sms_max_length,
                segments=info.segments,
                encoding=info.encoding,
            )

    @api.depends("partner_ids", "channel", "cc_partner_ids")
    def _compute_recipient_summary(self):
        service = self.env["messaging.service"]
        for composer in self:
            partners = composer.partner_ids._origin
            if not partners:
                composer.recipient_summary = False
                continue
            kind = "marketing" if composer.is_bulk else "manual"
            reasons, sendable, over = service._forecast(partners, composer.channel, composer.company_id, kind)
            lines = [
                Markup("<li>%s: %s</li>") % (service._reason_label(reason), count)
                for reason, count in sorted(reasons.items())
            ]
            if over:
                lines.append(Markup("<li>%s: %s</li>") % (service._reason_label("quota"), over))
            text = self.env._(
                "%(total)s recipients: %(sendable)s will receive it.", total=len(partners), sendable=sendable - over
            )
            composer.recipient_summary = Markup("<p>%s</p>") % text + (
                Markup("<p>%s</p><ul>%s</ul>") % (self.env._("Skipped:"), Markup("").join(lines)) if lines else ""
            )

    def _record(self):
        self.ensure_one()
        if self.res_model and self.res_id and self.res_model in self.env:
            return self.env[self.res_model].browse(self.res_id).exists()
        if len(self.partner_ids) == 1:
            return self.partner_ids._origin
        return None

    @api.constrains("sms_body", "channel")
    def _check_sms_length(self):
        for composer in self.filtered(lambda c: c.channel == "sms" and c.sms_body):
            if len(composer.sms_body) > composer.sms_max_length:
                raise ValidationError(
                    self.env._(
                        "The SMS has %(length)s characters; the maximum is %(max)s.",
                        length=len(composer.sms_body),
                        max=composer.sms_max_length,
                    )
                )

    # --- sending ------------------------------------------------------------------------
    @api.constrains("sms_number", "partner_ids")
    def _check_sms_number(self):
        """An answer goes to a number the customer wrote from, never to any number
        (the field is read-only on screen; this holds over RPC too)."""
        for composer in self.filtered("sms_number"):
            wrote = len(composer.partner_ids) == 1 and self.env["messaging.sms.inbound"].sudo().search_count(
                [("partner_id", "=", composer.partner_ids.id), ("from_number", "=", composer.sms_number)], limit=1
            )
            if not wrote:
                raise ValidationError(self.env._("An answer goes only to a number this customer wrote from."))

    def action_send(self):
        self.ensure_one()
        if self.is_bulk:
            return self._action_send_bulk()
        return self._action_send_one()

    def _action_send_bulk(self):
        bulk = self.env["messaging.bulk"].create(
            {
                "name": self._bulk_name(),
                "channel": self.channel,
                "company_id": self.company_id.id,
                "template_id": self.template_id.id,
                "subject": self.subject,
                "body_html": self.body,
                "body_text": self.sms_body,
                "partner_ids": [(6, 0, self.partner_ids.ids)],
            }
        )
        if self.template_id and not self._template_unchanged():
            # the user edited the text: send what they wrote, with the tags of a customer
            bulk.template_id = False
        bulk.action_start()
        return {
            "type": "ir.actions.act_window",
            "res_model": "messaging.bulk",
            "res_id": bulk.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _bulk_name(self):
        """What the user and the "finished" message call the bulk: the template's name,
        or the subject as the first customer reads it (tags replaced, never shown raw)."""
        if self.template_id and self._template_unchanged():
            return self.template_id.name
        if self.subject and ("@" in self.subject or "{" in self.subject):
            partner = self.partner_ids[:1]._origin
            try:
                return self.env["messaging.service"]._render_text(partner, partner, self.subject, "text")
            except (UserError, ValidationError):
                pass
        return self.subject or self.env._("Bulk send")

    def _action_send_one(self):
        record = self._record()
        partner = self.partner_ids[:1]
        if not record:
            record = partner
        service = self.env["messaging.service"]
        attachment_ids = []
        if self.attach_history:
            attachment_ids.append(
                partner.commercial_partner_id._messaging_history_attachment(
                    self.history_date_from, self.history_date_to
                ).id
            )
        subject, body = self._rendered()
        if self.channel == "email":
            results, __ = service._send_direct(
                record,
                self.partner_ids,
                "email",
                subject=subject,
                body=body,
                design="html" if self.template_id and self.template_id._messaging_full_email() else "text",
                cc_partners=self.cc_partner_ids,
                private=self.is_private,
                urgent=self.is_urgent,
                notify_followers=self.copy_followers,
                attachment_ids=attachment_ids,
            )
            if self.also_sms:
                text = tools.html2plaintext(body or "").strip()
                self._check_length(text)
                service._send_direct(record, self.partner_ids, "sms", body=text, cc_partners=self.cc_partner_ids)
        else:
            text = body or ""
            self._check_length(text)
            results, __ = service._send_direct(
                record,
                self.partner_ids,
                "sms",
                body=text,
                cc_partners=self.cc_partner_ids,
                urgent=self.is_urgent,
                sms_numbers={partner.id: self.sms_number} if self.sms_number and len(self.partner_ids) == 1 else None,
            )
            if self.also_email:
                service._send_direct(
                    record,
                    self.partner_ids,
                    "email",
                    subject=subject or self.env._("Message from %s", self.company_id.name),
                    body=Markup("<p>%s</p>") % text,
                    cc_partners=self.cc_partner_ids,
                    private=self.is_private,
                    urgent=self.is_urgent,
                    attachment_ids=attachment_ids,
                )
        if self.template_id:
            self.template_id._record_sent(1)
        if self.create_task:
            activity_target = record if hasattr(record, "activity_schedule") else partner
            activity_target.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=self.task_date or fields.Date.context_today(self),
                summary=subject or self.env._("Follow up on the message"),
                note=body if self.channel == "email" else Markup("<p>%s</p>") % (body or ""),
                user_id=(self.task_user_id or self.env.user).id,
            )
        skipped = [pid for pid, (state, __) in results.items() if state == "skipped"]
        if skipped:
            names = ", ".join(self.env["res.partner"].browse(skipped).mapped("display_name"))
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": self.env._("Sent, except to: %s (no valid address or opted out).", names),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return {"type": "ir.actions.act_window_close"}

    def _check_length(self, text):
        if len(text) > self.sms_max_length:
            raise UserError(
                self.env._(
                    "The SMS has %(length)s characters; the maximum is %(max)s.",
                    length=len(text),
                    max=self.sms_max_length,
                )
            )
