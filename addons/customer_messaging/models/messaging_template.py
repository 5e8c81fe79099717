from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from messaging_core.errors import MessagingError
from messaging_core.templating import has_code

from ..tools.core_errors import translate_core_error


class MessagingTemplate(models.Model):
    """A message model users write with tags (``@CUSTOMERNAME@``) and, for template
    designers, Jinja2; rendered by ``messaging_core.templating`` in a sandbox."""

    _name = "messaging.template"
    _description = "Customer Message Template"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    channel = fields.Selection([("email", "Email"), ("sms", "SMS")], required=True, default="email")
    model_id = fields.Many2one(
        "ir.model",
        string="Document Type",
        required=True,
        ondelete="cascade",
        domain="[('transient', '=', False), ('model', 'not like', 'ir.%')]",
        default=lambda self: self.env["ir.model"]._get("res.partner"),
        help="The kind of document this template writes about; it decides which tags are available.",
    )
    model = fields.Char(related="model_id.model", store=True, string="Model")
    company_id = fields.Many2one(
        "res.company", string="Company", default=lambda self: self.env.company, help="Empty: every company."
    )
    # the texts are translated as mail.template's are: the customer's language chooses the text
    subject = fields.Char(translate=True, help="What the customer sees as the subject of the email. Tags allowed.")
    design = fields.Selection(
        [
            ("text", "Text in the company layout"),
            ("html", "HTML"),
            ("blocks", "Blocks"),
        ],
        default="text",
        required=True,
        help="Text: your text inside the company layout (colour and logo added for you). "
        "HTML: paste your own HTML (it is sanitised). Blocks: build the email from blocks you reorder.",
    )
    body_html = fields.Html(string="Body", translate=True, sanitize=True, sanitize_overridable=False)
    body_text = fields.Text(string="Text", translate=True, help="The SMS text. Tags allowed.")
    sms_max_length = fields.Integer(compute="_compute_sms_max_length", string="SMS Maximum Length")
    block_ids = fields.One2many("messaging.template.block", "template_id", string="Blocks", copy=True)
    note = fields.Text(
        string="Instructions",
        translate=True,
        help="Shown to the person who uses this template, in the composer (not sent).",
    )
    available_tags = fields.Html(string="Tags", compute="_compute_available_tags", sanitize=False)
    send_count = fields.Integer(string="Sends", readonly=True, copy=False)
    last_sent_date = fields.Datetime(string="Last Sent", readonly=True, copy=False)

    @api.depends("company_id")
    def _compute_sms_max_length(self):
        for template in self:
            template.sms_max_length = (template.company_id or self.env.company).messaging_sms_max_length

    @api.depends("model_id")
    def _compute_available_tags(self):
        for template in self:
            rows = Markup("").join(
                Markup("<tr><td><code>@%s@</code></td><td>%s</td></tr>") % (tag.name, tag.description)
                for tag in self.env[template.model or "res.partner"]._messaging_template_tags()
            )
            template.available_tags = Markup('<table class="table table-sm o_cm_tags">%s</table>') % rows

    @api.constrains("subject", "body_html", "body_text", "block_ids", "model_id", "channel")
    def _check_template(self):
        for template in self:
            sources = template._sources()
            self.env["messaging.service"]._check_designer([source for source, __ in sources])
            for source, mode in sources:
                template._check_source(source, mode)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default)
        return [
            dict(vals, name=self.env._("%s (copy)", template.name))
            for template, vals in zip(self, vals_list, strict=True)
        ]

    def _sources(self):
        self.ensure_one()
        sources = [(self.subject or "", "text")]
        if self.channel == "sms":
            sources.append((self.body_text or "", "text"))
        elif self._messaging_block_rows():
            sources += [(block.content or "", "text") for block in self.block_ids]
            sources += [(block.url or "", "text") for block in self.block_ids if block.url]
        else:
            sources.append((self.body_html or "", "html"))
        return sources

    def _messaging_block_rows(self):
        """Whether the email is made of the rows of ``block_ids`` (the *Blocks* design;
        customer_messaging_mass_mailing builds it with Odoo's email designer instead)."""
        self.ensure_one()
        return self.channel == "email" and self.design == "blocks"

    def _messaging_full_email(self):
        """Whether the body is a whole email, sent as it is, without the company layout."""
        self.ensure_one()
        return self.channel == "email" and self.design == "html"

    def _check_source(self, source, mode):
        try:
            self.env[self.model or "res.partner"]._messaging_renderer().check(source, mode=mode)
        except MessagingError as error:
            raise ValidationError(
                self.env._(
                    "Template “%(name)s”: %(error)s", name=self.name, error=translate_core_error(self.env, error)
                )
            ) from None

    # --- rendering -------------------------------------------------------------------
    def _messaging_render(self, records, partners, *, values=None):
        """Render this template for each ``(record, partner)`` pair.

        Returns a list of ``(subject, body)``: ``body`` is the inner HTML of an email
        (the company layout is added by the sending path) or the text of an SMS.
        Raises :class:`UserError` with the translated error of the first record that fails.
        """
        self.ensure_one()
        values = values if values is not None else records._messaging_template_values(partners)
        return [
            self._render_one(value, lang=partner._messaging_lang(record._messaging_company()))
            for value, record, partner in zip(values, records, partners, strict=True)
        ]

    def _render_one(self, value, *, record=None, scope=None, lang=None):
        """Subject and body for one recipient (``value``: their tag values), in ``lang``
        (the recipient's language: :meth:`res.partner._messaging_lang`) when given, else
        in the environment's."""
        if lang and lang != self.env.lang:
            self = self.with_context(lang=lang)
        renderer = self.env[self.model or "res.partner"]._messaging_renderer()
        if scope is None:
            scope = self.env["messaging.service"]._render_scope("text" if self.channel == "sms" else "html")
        try:
            subject = renderer.render(self.subject or "", value, mode="text", scope=scope)
            if self.channel == "sms":
                return subject, renderer.render(self.body_text or "", value, mode="text", scope=scope)
            if self._messaging_block_rows():
                return subject, self._render_blocks(renderer, value, scope)
            return subject, renderer.render(self.body_html or "", value, mode="html", scope=scope)  # autoescaped
        except MessagingError as error:
            raise UserError(
                self.env._(
                    "Template “%(name)s”: %(error)s", name=self.name, error=translate_core_error(self.env, error)
                )
            ) from None

    def _render_blocks(self, renderer, value, scope):
        parts = []
        for block in self.block_ids.sorted(lambda b: (b.sequence, b.id)):
            text = renderer.render(block.content or "", value, mode="text", scope=scope) if block.content else ""
            url = renderer.render(block.url, value, mode="text", scope=scope) if block.url else ""
            parts.append(block._html(text, url))
        return Markup("").join(parts)

    def _uses_code(self):
        """Whether any of these templates has Jinja code (not only tags)."""
        return any(has_code(source) for template in self for source, __ in template._sources())

    def _record_sent(self, count):
        """Count sends, in one query whatever the number of messages."""
        if self and count:
            self.env.cr.execute(
                SQL(
                    "UPDATE messaging_template SET send_count = COALESCE(send_count, 0) + %s, last_sent_date = %s "
                    "WHERE id IN %s",
                    count,
                    fields.Datetime.now(),
                    tuple(self.ids),
                ),
            )
            self.invalidate_recordset(["send_count", "last_sent_date"])

    # --- actions ---------------------------------------------------------------------
    def action_preview(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Preview"),
            "res_model": "messaging.template.preview",
            "view_mode": "form",
            "target": "new",
            "context": {"default_template_id": self.id},
        }

    def action_send_proof(self):
        """Send the template, rendered on a sample document, to the current user."""
        self.ensure_one()
        record = self.env[self.model].search([], limit=1)
        return (
            self.env["messaging.template.preview"]
            .create({"template_id": self.id, "res_id": record.id})
            .action_send_proof()
        )
